package dev.treeline.launcher.demo;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One demo model's warehouse table: its columns and how a row at relative time {@code t} (0 = first
 * day, 1 = last day of the base period) is drawn. Features drift with {@code t} and so does the
 * relation to the label (covariate and concept shift), so a model trained on old rows gets worse on
 * new ones and retraining matters.
 */
public enum DemoModel {

    HOUSE_PRICES("house-prices", "reg:squarederror", "house_sales", "sold_on", "price",
            List.of("size_m2", "rooms", "age_years", "distance_km", "floor", "garden", "energy_score")) {
        @Override
        double[] row(SplittableRandom random, double t) {
            double size = Math.max(18, 55 + 25 * t + 28 * random.nextGaussian());
            double rooms = Math.max(1, Math.round(size / 28 + random.nextGaussian() * 0.7));
            double age = Math.max(0, 35 - 10 * t + 20 * random.nextGaussian());
            double distance = Math.abs(3 + 1.5 * t + 4 * random.nextGaussian());
            double floor = Math.floor(random.nextDouble() * 12);
            double garden = random.nextDouble() < 0.25 + 0.2 * t ? 1 : 0;
            double energy = Math.max(0, Math.min(100, 55 + 15 * t + 15 * random.nextGaussian()));
            double pricePerM2 = 3200 * (1 + 0.35 * t) - 180 * distance - 12 * age + 8 * energy * (1 + t);
            double price = size * pricePerM2 + 9000 * rooms + 25000 * garden * (1 - t) + 2500 * floor
                    + 15000 * random.nextGaussian();
            return new double[] {Math.max(20_000, price), size, rooms, age, distance, floor, garden, energy};
        }
    },

    CUSTOMER_CHURN("customer-churn", "binary:logistic", "customer_activity", "observed_on", "churned",
            List.of("tenure_months", "monthly_charges", "support_calls", "usage_gb", "contract_months",
                    "late_payments")) {
        @Override
        double[] row(SplittableRandom random, double t) {
            double tenure = Math.floor(random.nextDouble() * 72);
            double charges = Math.max(10, 55 + 20 * t + 18 * random.nextGaussian());
            double calls = Math.floor(Math.abs(random.nextGaussian() * (1.5 + t)));
            double usage = Math.max(0, 30 - 8 * t + 12 * random.nextGaussian());
            double contract = new double[] {1, 12, 24}[random.nextInt(3)];
            double late = Math.floor(Math.abs(random.nextGaussian() * 1.2));
            double logit = -1.2 + 0.025 * (charges - 55) * (1 + t) - 0.04 * tenure + 0.45 * calls
                    - 0.03 * usage - 0.06 * contract + 0.5 * late + 0.8 * t;
            double churned = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            return new double[] {churned, tenure, charges, calls, usage, contract, late};
        }
    },

    DELIVERY_TIMES("delivery-times", "reg:squarederror", "deliveries", "delivered_on", "minutes",
            List.of("distance_km", "items", "hour", "rain_mm", "courier_load")) {
        @Override
        double[] row(SplittableRandom random, double t) {
            double distance = Math.abs(2 + 1.2 * t + 3 * random.nextGaussian());
            double items = 1 + Math.floor(Math.abs(random.nextGaussian() * 3));
            double hour = Math.floor(random.nextDouble() * 24);
            double rain = random.nextDouble() < 0.3 ? Math.abs(random.nextGaussian() * 6) : 0;
            double load = Math.max(0, 4 + 3 * t + 2 * random.nextGaussian());
            boolean rush = (hour >= 11 && hour <= 13) || (hour >= 18 && hour <= 20);
            double minutes = 12 + distance * (3.5 - t) + 1.5 * items + (rush ? 9 : 0) + 0.8 * rain * (1 + t)
                    + 1.7 * load + 3 * random.nextGaussian();
            return new double[] {Math.max(5, minutes), distance, items, hour, rain, load};
        }
    },

    /**
     * The multi-class demo with text columns, as warehouse tables have them: the label is a text priority
     * ({@code low}, {@code normal}, {@code urgent}) and two features are text (the customer's tier and the channel the
     * ticket came through), read as categorical features without any encoding in SQL.
     */
    SUPPORT_TICKETS("support-tickets", "multi:softprob", "tickets", "opened_on", "priority",
            List.of("words", "attachments", "customer_tier", "channel", "hour", "prior_tickets", "sentiment")) {
        @Override
        double[] row(SplittableRandom random, double t) {
            double words = Math.max(5, 80 + 60 * random.nextGaussian());
            double attachments = Math.floor(Math.abs(random.nextGaussian() * 1.5));
            double tier = random.nextInt(3);
            double channel = random.nextInt(4);
            double hour = Math.floor(random.nextDouble() * 24);
            double prior = Math.floor(Math.abs(random.nextGaussian() * (2 + t)));
            double sentiment = Math.max(-1, Math.min(1, -0.1 * t + 0.45 * random.nextGaussian()));
            // the channel's effect is not monotonic in any order of its values: phone is urgent, chat is not
            double byChannel = new double[] {0, -0.5, 0.9, 0.2}[(int) channel];
            double urgency = 0.8 * tier + byChannel - 1.6 * sentiment + 0.25 * prior + 0.004 * words
                    + 0.3 * attachments + (hour < 7 ? 0.6 : 0) + 0.5 * t + 0.6 * random.nextGaussian();
            double priority = urgency < 1.0 ? 0 : urgency < 2.3 ? 1 : 2;
            return new double[] {priority, words, attachments, tier, channel, hour, prior, sentiment};
        }

        @Override
        public Map<String, List<String>> textColumns() {
            return TICKET_TEXTS;
        }
    };

    /** SUPPORT_TICKETS' text columns, built once: cells are rendered one by one. */
    private static final Map<String, List<String>> TICKET_TEXTS = Map.of(
            "priority", List.of("low", "normal", "urgent"),
            "customer_tier", List.of("bronze", "silver", "gold"),
            "channel", List.of("email", "chat", "phone", "web"));

    private final String group;
    private final String objective;
    private final String table;
    private final String dateColumn;
    private final String label;
    private final List<String> features;

    DemoModel(String group, String objective, String table, String dateColumn, String label, List<String> features) {
        this.group = group;
        this.objective = objective;
        this.table = table;
        this.dateColumn = dateColumn;
        this.label = label;
        this.features = features;
    }

    /** Label first, then the features, in column order; a text column's value is the index of its text. */
    abstract double[] row(SplittableRandom random, double t);

    /** The columns (label or features) that hold text, with their values by index; none by default. */
    public Map<String, List<String>> textColumns() {
        return Map.of();
    }

    /** A cell as the warehouse holds it: the text of a text column, the number otherwise. */
    String cell(String column, double value) {
        List<String> texts = textColumns().get(column);
        if (texts != null) {
            return texts.get((int) value);
        }
        return value == Math.rint(value) ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** The class names of a text label by index, empty for a numeric label. */
    public List<String> labelClasses() {
        return textColumns().getOrDefault(label, List.of());
    }

    /**
     * Feature rows without the label, as an endpoint takes them (CSV, one row per line, text columns as their text),
     * drawn at time {@code t}.
     */
    public String featureRows(int count, double t, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < count; i++) {
            double[] row = row(random, t);
            for (int c = 1; c < row.length; c++) {
                String column = features.get(c - 1);
                csv.append(c == 1 ? "" : ",").append(textColumns().containsKey(column) ? cell(column, row[c])
                        : String.format(java.util.Locale.ROOT, "%.4f", row[c]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    public String group() {
        return group;
    }

    public String objective() {
        return objective;
    }

    public String table() {
        return "demo." + table;
    }

    public String dateColumn() {
        return dateColumn;
    }

    public String label() {
        return label;
    }

    public List<String> features() {
        return features;
    }

    /** The seed of this table's generator; fixed, so every machine generates the same rows. */
    long seed() {
        return 0x7ee1_1ae0L + ordinal();
    }
}
