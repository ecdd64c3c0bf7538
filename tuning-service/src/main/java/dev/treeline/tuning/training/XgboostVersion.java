package dev.treeline.tuning.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import ml.dmlc.xgboost4j.java.XGBoost;

/** The XGBoost4J version on the classpath, as the jar itself declares it (written into every descriptor). */
public final class XgboostVersion {

    private static final String VERSION = load();

    private XgboostVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = XGBoost.class.getResourceAsStream("/xgboost4j-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown").trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
