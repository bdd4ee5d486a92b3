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
 * is shown as text, and links and images keep only http, https, mailto and relative URLs. Pages carry no inline
 * style or script, so a strict Content-Security-Policy can serve them. Thread-safe (commonmark's parser and
 * renderer are).
 */
public final class RunbookRenderer {
    /** Served by {@link RunbookResource}; the only stylesheet a page links. */
    public static final String STYLESHEET_PATH = "/runbooks/runbook.css";

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

    public String page(Runbook runbook) {
        String source = runbook.isBuiltIn() ? "built-in runbook" : "runbook from " + runbook.origin();
        return document(runbook.title(), fragment(runbook.markdown())
                + "<footer><p>" + escape(runbook.name()) + " · " + escape(source) + " · <a href=\"/runbooks/"
                + runbook.name() + ".md\">Markdown</a> · <a href=\"/runbooks\">all runbooks</a></p></footer>\n");
    }

    public String indexPage(List<Runbook> runbooks) {
        StringBuilder body = new StringBuilder("<h1>Runbooks</h1>\n<ul>\n");
        for (Runbook r : runbooks) {
            body.append("<li><a href=\"/runbooks/").append(r.name()).append("\">").append(escape(r.title()))
                    .append("</a> <code>").append(r.name()).append("</code>")
                    .append(r.isBuiltIn() ? "" : " (" + escape(r.origin()) + ")").append("</li>\n");
        }
        return document("Runbooks", body.append("</ul>\n").toString());
    }

    public String notFoundPage(String name) {
        return document("No runbook " + name, "<h1>No runbook " + escape(name) + "</h1>\n"
                + "<p>There is no runbook named <code>" + escape(name) + "</code>. See <a href=\"/runbooks\">all "
                + "runbooks</a>.</p>\n");
    }

    public String badNamePage(String name) {
        return document("Not a runbook name", "<h1>Not a runbook name</h1>\n<p><code>" + escape(name) + "</code>: "
                + escape(Runbook.NAME_RULE) + ". See <a href=\"/runbooks\">all runbooks</a>.</p>\n");
    }

    private static String document(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " · Sightline</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + STYLESHEET_PATH + "\">\n</head>\n<body>\n<main>\n"
                + body + "</main>\n</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
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
