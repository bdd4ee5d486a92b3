package dev.sightline.ui.slos;

/**
 * The remaining error budget as a bar, drawn by the template as SVG: the CSP allows no inline style, and SVG
 * geometry is attributes. The bar is the fraction left (empty once the budget is spent; the number beside it says
 * by how much it is overspent).
 *
 * @param fill  width of the filled part, 0 to {@link #WIDTH}
 * @param level {@code budget-ok}, {@code budget-low} (under a quarter left) or {@code budget-out} (none left)
 */
public record BudgetBar(double fill, String level) {
    public static final int WIDTH = 120;
    public static final int HEIGHT = 10;
    static final double LOW = 0.25;

    public static BudgetBar of(double remaining) {
        double clamped = Double.isNaN(remaining) ? 0 : Math.max(0, Math.min(1, remaining));
        String level = remaining <= 0 ? "budget-out" : remaining < LOW ? "budget-low" : "budget-ok";
        return new BudgetBar(Math.round(clamped * WIDTH * 10) / 10.0, level);
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
