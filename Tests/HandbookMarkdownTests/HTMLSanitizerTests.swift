import Testing

@testable import HandbookMarkdown

/// One raw HTML fragment, what the sanitiser must make of it, and what it must report.
struct SanitizerCase: Sendable, CustomTestStringConvertible {
    var input: String
    var output: String
    /// A part of each removal's message, in order.
    var removals: [String] = []
    var testDescription: String { input.debugDescription }
}

@Suite struct HTMLSanitizerTests {
    static let cases: [SanitizerCase] = [
        // What documentation needs passes, rewritten with quoted values.
        SanitizerCase(input: "<details><summary>More</summary>", output: "<details><summary>More</summary>"),
        SanitizerCase(input: "<details open>", output: "<details open>"),
        SanitizerCase(input: "<kbd>Ctrl</kbd>+<kbd>C</kbd>", output: "<kbd>Ctrl</kbd>+<kbd>C</kbd>"),
        SanitizerCase(input: "H<sub>2</sub>O x<sup>2</sup>", output: "H<sub>2</sub>O x<sup>2</sup>"),
        SanitizerCase(input: "<br/><hr>", output: "<br /><hr>"),
        SanitizerCase(input: "<DIV ID=x Class='a b'>", output: "<div id=\"x\" class=\"a b\">"),
        SanitizerCase(input: "<p align=center>", output: "<p align=\"center\">"),
        SanitizerCase(
            input: "<img src=\"chart.png\" alt=\"A chart\" width=300 height='200' title=T>",
            output: "<img src=\"chart.png\" alt=\"A chart\" width=\"300\" height=\"200\" title=\"T\">"),
        SanitizerCase(
            input: "<a href=\"https://example.com/?a=1&amp;b=2\" title='Say \"hi\"'>",
            output: "<a href=\"https://example.com/?a=1&amp;b=2\" title=\"Say &quot;hi&quot;\">"),
        SanitizerCase(input: "<a name=top id=top>", output: "<a name=\"top\" id=\"top\">"),
        SanitizerCase(input: "<td colspan=2 rowspan=\"3\" align=right>", output: "<td colspan=\"2\" rowspan=\"3\" align=\"right\">"),
        SanitizerCase(input: "<abbr title=\"HyperText\">HTML</abbr>", output: "<abbr title=\"HyperText\">HTML</abbr>"),
        SanitizerCase(
            input: "<picture><source srcset=\"a.webp 1x, b.webp 2x\" media=\"(min-width: 600px)\" type=image/webp>",
            output: "<picture><source srcset=\"a.webp 1x, b.webp 2x\" media=\"(min-width: 600px)\" type=\"image/webp\">"),
        SanitizerCase(
            input: "<img src=\"data:image/png;base64,iVBORw0KGgo=\">", output: "<img src=\"data:image/png;base64,iVBORw0KGgo=\">"),
        SanitizerCase(input: "<!-- a note to editors -->", output: "<!-- a note to editors -->"),
        SanitizerCase(input: "</A></Div>", output: "</a></div>"),
        SanitizerCase(input: "a < b and c > d", output: "a &lt; b and c > d"),
        SanitizerCase(input: "<a href=\"x\"title=\"y\">", output: "<a href=\"x\" title=\"y\">"),
        // What a browser would read differently from how it looks.
        SanitizerCase(input: "<img/src=x/onerror=alert(1)>", output: "<img src=\"x/onerror=alert(1)\">"),
        SanitizerCase(
            input: "<a href=\"x\" title=\"</a><script>alert(1)</script>\">",
            output: "<a href=\"x\" title=\"&lt;/a&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"),
        SanitizerCase(
            input: "<img \"\"\"><script>alert(1)</script>\">",
            output: "<img>&lt;script&gt;alert(1)&lt;/script&gt;\">",
            removals: ["removed `\"\"\"` from <img>", "raw HTML <script> is not allowed"]),
        SanitizerCase(
            input: "<a href=x onclick=alert(1) href=javascript:alert(2)>", output: "<a href=\"x\">",
            removals: ["removed `onclick` from <a>: event handler"]),
        SanitizerCase(input: "<img src=\"a.png\" alt=\"{{page.title}}\">", output: "<img src=\"a.png\" alt=\"{{page.title}}\">"),
        // Elements that run script, load frames or objects, submit forms or change the parser.
        SanitizerCase(
            input: "<script>alert(1)</script>", output: "&lt;script&gt;alert(1)&lt;/script&gt;",
            removals: ["raw HTML <script> is not allowed; it is shown as text"]),
        SanitizerCase(input: "<ScRiPt src=//evil.example/x.js>", output: "&lt;ScRiPt src=//evil.example/x.js&gt;", removals: ["<script>"]),
        SanitizerCase(
            input: "<svg><animate onbegin=alert(1) attributeName=x>",
            output: "&lt;svg&gt;&lt;animate onbegin=alert(1) attributeName=x&gt;", removals: ["<svg>", "<animate>"]),
        SanitizerCase(
            input: "<iframe srcdoc=\"<script>alert(1)</script>\">",
            output: "&lt;iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"&gt;", removals: ["<iframe>"]),
        SanitizerCase(input: "<object data=x.swf>", output: "&lt;object data=x.swf&gt;", removals: ["<object>"]),
        SanitizerCase(input: "<embed src=x.swf>", output: "&lt;embed src=x.swf&gt;", removals: ["<embed>"]),
        SanitizerCase(
            input: "<form><button formaction=javascript:alert(1)>go", output: "&lt;form&gt;&lt;button formaction=javascript:alert(1)&gt;go",
            removals: ["<form>", "<button>"]),
        SanitizerCase(
            input: "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            output: "&lt;meta http-equiv=refresh content=\"0;url=javascript:alert(1)\"&gt;", removals: ["<meta>"]),
        SanitizerCase(input: "<base href=\"javascript:/\">", output: "&lt;base href=\"javascript:/\"&gt;", removals: ["<base>"]),
        SanitizerCase(input: "<link rel=import href=x.html>", output: "&lt;link rel=import href=x.html&gt;", removals: ["<link>"]),
        SanitizerCase(
            input: "<style>@import 'x.css';</style>", output: "&lt;style&gt;@import 'x.css';&lt;/style&gt;", removals: ["<style>"]),
        SanitizerCase(
            input: "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            output: "&lt;noscript&gt;<p title=\"&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;\">", removals: ["<noscript>"]),
        SanitizerCase(input: "<textarea></textarea>", output: "&lt;textarea&gt;&lt;/textarea&gt;", removals: ["<textarea>"]),
        SanitizerCase(input: "</script>", output: "&lt;/script&gt;"),
        // Attributes that run script or style the page.
        SanitizerCase(
            input: "<img src=x onerror=alert(1)>", output: "<img src=\"x\">", removals: ["removed `onerror` from <img>: event handler"]),
        SanitizerCase(input: "<b ONMOUSEOVER='alert(1)'>", output: "<b>", removals: ["`onmouseover`"]),
        SanitizerCase(
            input: "<div style=\"background:url(javascript:alert(1))\">", output: "<div>",
            removals: ["removed `style` from <div>: inline styles are not allowed"]),
        SanitizerCase(
            input: "<a href=\"https://x.example\" target=_blank>", output: "<a href=\"https://x.example\">", removals: ["`target`"]),
        // URLs that run script, however they are spelled.
        SanitizerCase(
            input: "<a href=\"javascript:alert(1)\">x</a>", output: "<a>x</a>",
            removals: ["removed `href` from <a>: javascript: URLs run script"]),
        SanitizerCase(input: "<IMG SRC=\"JaVaScRiPt:alert('XSS')\">", output: "<img>", removals: ["`src`"]),
        SanitizerCase(input: "<a href=\"  javascript:alert(1)\">", output: "<a>", removals: ["`href`"]),
        SanitizerCase(input: "<a href=\"&#106;avascript:alert(1)\">", output: "<a>", removals: ["`href`"]),
        SanitizerCase(input: "<a href=\"&#x6A;avascript&colon;alert(1)\">", output: "<a>", removals: ["`href`"]),
        SanitizerCase(
            input: "<a href=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)>",
            output: "<a>", removals: ["`href`"]),
        SanitizerCase(input: "<a href=\"java&Tab;script:alert(1)\">", output: "<a>", removals: ["`href`"]),
        SanitizerCase(input: "<a href=\"jav&#x0A;ascript:alert(1)\">", output: "<a>", removals: ["`href`"]),
        SanitizerCase(input: "<a href=\"java\tscript:alert(1)\">", output: "<a>", removals: ["`href`"]),
        SanitizerCase(input: "<a href=\"vbscript:msgbox(1)\">", output: "<a>", removals: ["vbscript: URLs run script"]),
        SanitizerCase(input: "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">", output: "<a>", removals: ["data: URLs"]),
        SanitizerCase(input: "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", output: "<img>", removals: ["data: URLs"]),
        SanitizerCase(input: "<blockquote cite=\"javascript:alert(1)\">", output: "<blockquote>", removals: ["`cite`"]),
        SanitizerCase(input: "<img srcset=\"a.png 1x, javascript:alert(1) 2x\">", output: "<img>", removals: ["`srcset`"]),
        // Comments end where a browser ends them.
        SanitizerCase(input: "<!--><img src=x onerror=alert(1)>-->", output: "<!--><img src=\"x\">-->", removals: ["`onerror`"]),
        SanitizerCase(
            input: "<!-- a --!><script>alert(1)</script>", output: "<!-- a --!>&lt;script&gt;alert(1)&lt;/script&gt;",
            removals: ["<script>"]),
        SanitizerCase(input: "<!-- never closed", output: "&lt;!-- never closed", removals: ["not closed with `-->`"]),
        // Tags that never end, declarations and processing instructions are shown as text.
        SanitizerCase(
            input: "<img src=x onerror=alert(1)//", output: "&lt;img src=x onerror=alert(1)//", removals: ["is not closed with `>`"]),
        SanitizerCase(input: "<a title=\"unclosed>", output: "&lt;a title=\"unclosed&gt;", removals: ["is not closed"]),
        SanitizerCase(input: "<!DOCTYPE html>", output: "&lt;!DOCTYPE html&gt;", removals: ["markup declaration"]),
        SanitizerCase(input: "<![CDATA[<script>]]>", output: "&lt;![CDATA[&lt;script&gt;]]>", removals: ["markup declaration"]),
        SanitizerCase(input: "<?php echo 1 ?>", output: "&lt;?php echo 1 ?&gt;", removals: ["processing instruction"]),
    ]

    @Test(arguments: cases)
    func sanitises(_ example: SanitizerCase) {
        let result = HTMLSanitizer().sanitize(example.input)
        #expect(result.html == example.output)
        #expect(result.changed == (example.input != example.output))
        #expect(result.removals.count == example.removals.count, "\(result.removals)")
        for (removal, part) in zip(result.removals, example.removals) {
            #expect(removal.message.contains(part), "\(removal.message) should contain \(part)")
        }
    }

    @Test func removalsSayWhereInTheFragmentTheyAre() {
        let fragment = "<div>\n  <p>ok</p>\n  <img src=x\n    onerror=alert(1)>\n<script>\n</div>"
        let result = HTMLSanitizer().sanitize(fragment)
        let places = HTMLSanitizer.linesAndOffsets(of: result.removals.map(\.offset), in: fragment)
        // An attribute is found at its name, an escaped tag at its `<`.
        #expect(places.map(\.line) == [3, 4])
        #expect(places.map(\.offsetInLine) == [4, 0])
    }

    @Test(
        arguments: [
            ("javascript:alert(1)", false, "javascript"), ("JAVASCRIPT:x", false, "javascript"),
            (" \u{1}java\nscript:x", false, "javascript"),
            ("vbscript:x", false, "vbscript"), ("data:text/html,x", false, "data"), ("data:image/png;base64,x", false, "data"),
            ("data:image/png;base64,x", true, nil), ("data: IMAGE/GIF ,x", true, nil), ("data:image/svg+xml,x", true, "data"),
            ("https://example.com", false, nil), ("mailto:a@example.com", false, nil), ("roles/pm.md#x", false, nil),
            ("/javascript:x", false, nil), ("#javascript:x", false, nil), ("./javascript:x", false, nil), ("", false, nil),
            ("java%73cript:x", false, nil), ("3javascript:x", false, nil),
        ] as [(String, Bool, String?)])
    func schemesThatRunScript(_ url: String, _ isImage: Bool, _ scheme: String?) {
        #expect(URLSafety.unsafeScheme(url, isImage: isImage) == scheme)
    }

    @Test(arguments: [
        ("&#106;", "j"), ("&#x6A", "j"), ("&#X6a;b", "jb"), ("&#0000106;", "j"), ("&colon;", ":"), ("&Tab;", "\t"),
        ("&NewLine;", "\n"), ("&amp;", "&"), ("&amp", "&"), ("&ampx", "&ampx"), ("&amp=", "&amp="), ("&hellip;", "&hellip;"),
        ("&#0;", "\u{FFFD}"), ("&#xD800;", "\u{FFFD}"), ("&#99999999999;", "\u{FFFD}"), ("&#;", "&#;"), ("a&b", "a&b"), ("&", "&"),
    ])
    func characterReferencesDecodeAsInAnAttribute(_ value: String, _ decoded: String) {
        #expect(String(decoding: CharacterReferences.decode(Array(value.utf8)), as: UTF8.self) == decoded)
    }
}
