package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quarkus gives each test profile its own class loader; they must all share one set of servers. */
class SharedInfrastructureTest {

    @Test
    void anotherClassLoaderAttachesToTheRunningServersInsteadOfStartingNewOnes() throws Exception {
        LocalInfrastructure owner = SharedInfrastructure.get();
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> shared = isolated.loadClass(SharedInfrastructure.class.getName());
            assertThat(shared).isNotSameAs(SharedInfrastructure.class);
            Object view = shared.getMethod("withDatabase", String.class).invoke(null, "attached_view_db");
            Object settings = view.getClass().getMethod("settings").invoke(view);
            @SuppressWarnings("unchecked")
            List<Long> pids = (List<Long>) view.getClass().getMethod("serverPids").invoke(view);

            var encode = settings.getClass().getDeclaredMethod("encode");
            encode.setAccessible(true);
            assertThat(encode.invoke(settings)).isEqualTo(owner.settings().encode());
            assertThat(pids).as("the view owns no server").isEmpty();
            view.getClass().getMethod("close").invoke(view); // must not stop the owner's servers
        }
        InfraSettings settings = owner.settings();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl("attached_view_db"), settings.postgresUser(),
                settings.postgresPassword()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            assertThat(rs.next()).as("the database the view created exists and the server still runs").isTrue();
        }
        assertThat(owner.serverPids()).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
    }

    private static URL[] classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}
