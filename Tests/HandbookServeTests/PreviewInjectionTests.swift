import Foundation
import HandbookBuild
import Testing

@testable import HandbookServe

/// The script and overlay the preview adds to pages.
@Suite struct PreviewInjectionTests {
    func inject(_ html: String, overlay: String? = nil) -> String {
        String(decoding: PreviewInjection.inject(into: Data(html.utf8), generation: 7, overlay: overlay), as: UTF8.self)
    }

    @Test func theScriptGoesBeforeTheLastClosingBodyTag() throws {
        let page = inject("<html><body><p>&lt;/body&gt;</p><pre></BODY></pre>x</Body >\n</BODY>\n</html>\n")
        let script = try #require(page.range(of: "<script>"))
        #expect(page[script.lowerBound...].hasSuffix("</script></BODY>\n</html>\n"))
        #expect(page.contains("/__handbook/events?since=7"))
    }

    @Test func aPageWithoutBodyTagGetsTheScriptAtTheEnd() {
        let page = inject("<p>fragment</p>")
        #expect(page.hasPrefix("<p>fragment</p><script>"))
        #expect(page.hasSuffix("</script>"))
    }

    @Test func theOverlayNamesEachDiagnosticEscapedOnOneLine() {
        let diagnostics = [
            Diagnostic.error(
                SourceLocation(file: "Content/<b>.md", line: 3, column: 5), "bad <script>alert(1)</script>\nsecond line",
                hint: "use \"quotes\" & 'apostrophes'"),
            Diagnostic.warning(SourceLocation(file: "Content/site.yml", line: 1, column: 1), "a warning"),
        ]
        let overlay = PreviewInjection.overlay(for: diagnostics)
        #expect(!overlay.contains("\n"), "one line, so it fits in one server-sent event")
        #expect(!overlay.contains("<script>") && !overlay.contains("<b>"))
        #expect(overlay.contains("Content/&lt;b&gt;.md:3:5"))
        #expect(overlay.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;&#10;second line"))
        #expect(overlay.contains("hint: use &quot;quotes&quot; &amp; &#39;apostrophes&#39;"))
        #expect(overlay.contains("Content/site.yml:1:1</code>: warning: a warning"))
        #expect(overlay.contains("failed with 1 error;"))
        let page = inject("<body></body>", overlay: overlay)
        #expect(page.hasPrefix("<body>" + overlay + "<script>"))
    }
}
