import HandbookMarkdown
import Testing

/// Raw HTML and script URLs through the whole renderer: what the page gets and where the
/// warnings point.
@Suite struct SafeRenderingTests {
    let safe = MarkdownRenderer()
    let trusted = MarkdownRenderer(options: MarkdownOptions(rawHTML: .trusted))

    func places(_ result: RenderedMarkdown) -> [String] { result.warnings.map { "\($0.line):\($0.column)" } }

    @Test func blockHTMLWarningsNameTheLineAndColumnOfTheTag() {
        let markdown = "Intro.\n\n<div class=\"note\">\n  <img src=x\n       onerror=alert(1)>\n<script>alert(1)</script>\n</div>\n"
        let result = safe.render(markdown)
        #expect(result.html.contains("<div class=\"note\">\n  <img src=\"x\">\n&lt;script&gt;alert(1)&lt;/script&gt;\n</div>"))
        #expect(places(result) == ["5:8", "6:1"])
        #expect(result.warnings.allSatisfy { $0.kind == .rawHTML })
    }

    @Test func htmlInsideAListItemCountsTheItemsIndentation() {
        let result = safe.render("- item\n\n  <div>\n  <b onclick=x>b</b>\n  </div>\n")
        #expect(places(result) == ["4:6"])
    }

    @Test func inlineHTMLWarningsNameTheirColumn() {
        let result = safe.render("Some *text* <span onmouseover=\"alert(1)\">here</span> and <iframe src=x>.\n")
        #expect(result.html.contains("<span>here</span> and &lt;iframe src=x&gt;."))
        #expect(places(result) == ["1:19", "1:58"])
    }

    @Test func scriptLinksKeepTheirTextButLoseTheirDestination() {
        var rewritten: [String] = []
        let markdown = """
            [one](javascript:alert(1)) [two](JaVaScRiPt&#x3A;alert(1)) <javascript:alert(3)>
            [four][ref] ![five](data:text/html,x) [six](https://example.com) [seven](<java script:alert(1)>)

            [ref]: vbscript:msgbox(1)
            """
        let result = safe.render(markdown) { link in
            rewritten.append(link.url)
            return nil
        }
        #expect(rewritten == ["https://example.com"], "unsafe links are never offered for rewriting")
        #expect(result.html.contains(##"<a href="#">one</a> <a href="#">two</a> <a href="#">javascript:alert(3)</a>"##))
        #expect(result.html.contains(##"<a href="#">four</a> <img src="" alt="five" /> <a href="https://example.com">six</a>"##))
        for scheme in ["=\"javascript", "=\"vbscript", "=\"data:text", "=\"java script"] {
            #expect(!result.html.lowercased().contains(scheme))
        }
        #expect(result.warnings.count == 6)
        #expect(result.warnings.allSatisfy { $0.kind == .unsafeURL })
        // `[four][ref]` is reported where its URL is written, at the definition on line 4.
        #expect(places(result) == ["1:1", "1:28", "1:60", "4:1", "2:13", "2:66"])
        #expect(result.warnings[0].message == "removed the link destination 'javascript:alert(1)': javascript: URLs run script")
        #expect(result.warnings[4].message.hasPrefix("removed the image source 'data:text/html,x': data: URLs"))
    }

    @Test func rasterDataImagesStay() {
        let result = safe.render("![dot](data:image/png;base64,iVBORw0KGgo=)\n")
        #expect(result.html.contains(#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" />"#))
        #expect(result.warnings.isEmpty)
    }

    @Test func trustedHTMLPassesButScriptLinksStillGo() {
        let result = trusted.render("<div onclick=\"go()\">x</div>\n\n[y](javascript:alert(1))\n")
        #expect(result.html.contains("<div onclick=\"go()\">x</div>"))
        #expect(result.html.contains(##"<a href="#">y</a>"##))
        #expect(result.warnings.map(\.kind) == [.unsafeURL])
    }

    @Test func pagesWithoutRawHTMLAreUnchanged() {
        let markdown = "# T\n\nText with a [link](a.md) and `<code>`.\n\n```html\n<script>x</script>\n```\n"
        #expect(safe.render(markdown).html == trusted.render(markdown).html)
        #expect(safe.render(markdown).warnings.isEmpty)
    }
}
