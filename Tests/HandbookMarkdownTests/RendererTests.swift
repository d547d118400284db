import HandbookMarkdown
import Testing

@Suite struct RendererTests {
    let renderer = MarkdownRenderer()

    @Test func headingsGetGitHubIdsAndPermalinks() {
        let result = renderer.render("## Decision scope\n\n## Decision scope\n\n### What's next?\n")
        #expect(result.headings.map(\.id) == ["decision-scope", "decision-scope-1", "whats-next"])
        #expect(result.html.contains(##"<h2 id="decision-scope">Decision scope<a class="anchor" href="#decision-scope""##))
    }

    /// Links in raw HTML go through the same check and rewrite as Markdown links, at their own
    /// line and column, in safe and trusted mode alike; commented-out HTML and script URLs
    /// (the sanitiser's to remove) are left alone.
    @Test(arguments: [RawHTML.safe, .trusted])
    func rawHTMLLinksAreResolvedLikeMarkdownLinks(_ mode: RawHTML) {
        let body =
            "<p align=\"center\">\n  <img src=\" chart.png \" alt=\"c\">\n</p>\n\nSee <a href=\"a.md#part\">a</a>.\n\n"
            + "<!-- <img src=\"old.png\"> -->\n\n<a href=\"&#106;avascript:alert(1)\">x</a>\n"
        var seen: [String] = []
        let result = MarkdownRenderer(options: MarkdownOptions(rawHTML: mode)).render(body) { link in
            seen.append("\(link.line):\(link.column) \(link.url) \(link.isImage ? "image" : "link")")
            return "NEW/" + link.url
        }
        #expect(seen == ["2:13 chart.png image", "5:14 a.md#part link"])
        #expect(result.html.contains(#"<img src="NEW/chart.png" alt="c">"#))
        #expect(result.html.contains(#"<a href="NEW/a.md#part">a</a>"#))
        #expect(result.html.contains(#"<!-- <img src="old.png"> -->"#))
    }

    /// The body of the page from the "Trustworthy builds" issue: a heading that starts with
    /// inline HTML lost the rest of the page, because the anchor rewrite freed the heading
    /// whose content buffer the moved `<span>` still pointed into.
    @Test func aHeadingThatStartsWithInlineHTMLKeepsTheRestOfThePage() {
        let body = "## <span class=\"x\">How to submit</span>:\n\nFirst paragraph.\n\n## Second\n\nMore text here.\n"
        let result = renderer.render(body)
        #expect(
            result.html == """
                <h2 id="how-to-submit"><span class="x">How to submit</span>:<a class="anchor" href="#how-to-submit" \
                aria-label="Link to this section"></a></h2>
                <p>First paragraph.</p>
                <h2 id="second">Second<a class="anchor" href="#second" aria-label="Link to this section"></a></h2>
                <p>More text here.</p>

                """)
        #expect(result.headings.map(\.text) == ["How to submit:", "Second"])
    }

    @Test func leadingTitleIsTakenOut() {
        let result = renderer.render("# The title\n\nText.\n")
        #expect(result.title == "The title")
        #expect(!result.html.contains("<h1"))
    }

    @Test func alertsBecomeCallouts() {
        let result = renderer.render("> [!WARNING]\n> Mind the gap.\n")
        #expect(result.html.contains(#"<div class="alert alert-warning" role="note">"#))
        #expect(result.html.contains(#"<p class="alert-title">Warning</p>"#))
        #expect(result.html.contains("<p>Mind the gap.</p>"))
        #expect(!result.html.contains("[!WARNING]"))
    }

    @Test func linksAreRewrittenWithTheirPositions() {
        var seen: [MarkdownLink] = []
        let result = renderer.render("Intro.\n\nSee [a](a.md#x) and ![i](i.png).\n") { link in
            seen.append(link)
            return link.url == "a.md#x" ? "../a/index.html#x" : nil
        }
        #expect(seen.map(\.url) == ["a.md#x", "i.png"])
        #expect(seen.map(\.line) == [3, 3])
        #expect(seen.first?.column == 5)
        #expect(result.html.contains(##"<a href="../a/index.html#x">a</a>"##))
    }

    @Test func codeBlocksKeepTheirLanguage() {
        #expect(renderer.render("```swift\nlet x = 1\n```\n").html.contains(#"<code class="language-swift">"#))
    }
}
