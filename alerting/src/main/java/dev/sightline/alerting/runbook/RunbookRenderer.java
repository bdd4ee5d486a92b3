package dev.sightline.alerting.runbook;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;
import java.util.Optional;

/**
 * Markdown to HTML for runbooks, safe for files written by anyone who can write to the runbook folder: raw HTML
 * is shown as text, and links and images keep only http, https, mailto and relative URLs. The output is a fragment
 * with no style or script of its own, which the web UI embeds in its layout (under its strict
 * Content-Security-Policy) and {@code /api/runbooks/{name}} returns as {@code html}. Thread-safe (commonmark's
 * parser and renderer are).
 */
public final class RunbookRenderer {
    private final Parser parser;
    private final HtmlRenderer renderer;

    public RunbookRenderer() {
        List<Extension> extensions = List.of(TablesExtension.create());
        parser = Parser.builder().extensions(extensions).build();
        renderer = HtmlRenderer.builder().extensions(extensions)
                .escapeHtml(true)
                .sanitizeUrls(true)
                // commonmark's default list also allows data:, which can carry a whole HTML document.
                .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
                .build();
    }

    /** A runbook from its source, titled by its first level-1 heading. */
    public Runbook runbook(String name, String markdown, String origin) {
        return new Runbook(name, title(markdown).orElse(name), markdown, origin);
    }

    /** The rendered body, to embed in a page or send as JSON. */
    public String fragment(String markdown) {
        return renderer.render(parser.parse(markdown));
    }

    /** The plain text of the first level-1 heading, if there is one with text. */
    public Optional<String> title(String markdown) {
        Node node = parser.parse(markdown).getFirstChild();
        for (; node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() == 1) {
                String text = PlainText.of(heading).strip();
                if (!text.isEmpty()) {
                    return Optional.of(text);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A heading's words without their markup: `code` keeps its text, raw HTML stays as written (the page shows it
     * as text too), line breaks become spaces.
     */
    private static final class PlainText extends AbstractVisitor {
        private final StringBuilder text = new StringBuilder();

        static String of(Node node) {
            PlainText visitor = new PlainText();
            node.accept(visitor);
            return visitor.text.toString();
        }

        @Override
        public void visit(Text node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(Code node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(HtmlInline node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(SoftLineBreak node) {
            text.append(' ');
        }

        @Override
        public void visit(HardLineBreak node) {
            text.append(' ');
        }
    }
}
