package dev.sightline.ui.chart;

/**
 * A small trend line for tables: one SVG path over a fixed box, scaled to its own maximum (a sparkline compares
 * a row with its own past, not with other rows). NaN steps break the line.
 */
public record Sparkline(int width, int height, String path, boolean empty) {
    public static final int WIDTH = 120;
    public static final int HEIGHT = 24;

    public static Sparkline of(double[] values) {
        double max = 0;
        boolean any = false;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
                any = true;
            }
        }
        double top = max <= 0 ? 1 : max;
        double dx = values.length <= 1 ? 0 : (double) (WIDTH - 2) / (values.length - 1);
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                pen = false;
                continue;
            }
            double x = 1 + i * dx;
            double y = 1 + (HEIGHT - 2) * (1 - values[i] / top);
            boolean isolated = !pen && (i + 1 >= values.length || Double.isNaN(values[i + 1]));
            d.append(pen ? 'L' : 'M').append(TimeChart.round(x)).append(',').append(TimeChart.round(y));
            if (isolated) {
                // A lone point would draw nothing.
                d.append("h1.5");
            }
            pen = true;
        }
        return new Sparkline(WIDTH, HEIGHT, d.toString(), !any);
    }
}
