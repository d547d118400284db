import Foundation
import HandbookBuild
import Testing

/// Every payload of `XSSPayloads` is written into every place an author controls: Markdown
/// bodies (block, inline, heading, table, code), front matter (title, summary, tags, aliases,
/// extra keys, page fields), collection fields of every kind (text rendered as Markdown,
/// strings, enum values, lists, objects, flows, references), site.yml strings and file names.
/// The built site must contain nothing a browser would run, and every removal must be a
/// located warning.
@Suite struct XSSTests {
    static let payloads = XSSPayloads.all

    /// Payloads that reach the page as text or as an inert comment, so nothing is removed:
    /// plain text with quotes, references and lookalikes, a comment, a tag that never closes
    /// (cmark-gfm itself escapes it as text), a `title` that only holds text, and
    /// `<img/src=x/onerror=...>`, whose `src` is the whole `x/onerror=alert(6)` for a browser,
    /// so the tag is kept as a harmless image.
    static let quiet: Set<String> = [
        "<img/src=x/onerror=alert(6)>", "\" onmouseover=\"alert(46)", "{{site.title}}{{{page.content}}}{{> base}}",
        "\\u003cscript\\u003ealert(50)\\u003c/script\\u003e", "\u{2028}alert(51)\u{2029}", "<!--<img src=x onerror=alert(52)>-->",
        "<img src=x onerror=alert(56)//", "&lt;script&gt;alert(61)&lt;/script&gt;",
        "<a href=\"x\" title=\"</a><script>alert(49)</script>\">x</a>",
    ]

    /// A file whose name is a payload, an entry id that breaks out of attributes.
    static let oddEntry = "x\"><img src=y onerror=alert(9)>"

    @Test func thereAreEnoughPayloads() {
        #expect(Self.payloads.count >= 30)
        #expect(Set(Self.payloads).count == Self.payloads.count)
        #expect(Self.quiet.isSubset(of: Self.payloads))
    }

    @Test func nothingInTheBuiltSiteRunsScript() throws {
        let folder = try Fixtures.temporaryFolder()
        let clean = try Self.build(in: folder.appendingPathComponent("clean"), payloads: Self.payloads.indices.map { "Plain text \($0)" })
        #expect(clean.report.diagnostics.map(\.description) == [])
        let (report, output) = try Self.build(in: folder.appendingPathComponent("xss"), payloads: Self.payloads)
        let errors = report.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(errors)")
        let files = Fixtures.files(in: output)
        #expect(files.count > 200)

        // The theme's own script, link, form control and body tags, as a clean build of the same
        // site writes them.
        var themeTags = Set<String>()
        for (path, data) in Fixtures.files(in: clean.output) where path.hasSuffix(".html") {
            for tag in OutputScanner.startTags(in: String(decoding: data, as: UTF8.self)) where Self.forbidden.contains(tag.name) {
                themeTags.insert(tag.source)
            }
        }
        #expect(themeTags.contains { $0.contains("handbook.js") })

        var problems: [String] = []
        for (path, data) in files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".html") {
            for tag in OutputScanner.startTags(in: String(decoding: data, as: UTF8.self)) {
                if let problem = Self.problem(with: tag, themeTags: themeTags) { problems.append("\(path): \(problem): \(tag.source)") }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) tags would run script:\n\(problems.prefix(20).joined(separator: "\n"))")

        // Escaped payloads stay visible as text, and template syntax in content is not expanded.
        let first = try #require(files["p/p0/index.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(first.contains("\n&lt;script&gt;alert(1)&lt;/script&gt;\n<p>Inline: &lt;script&gt;alert(1)&lt;/script&gt; and more.</p>"))
        #expect(
            first.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; · &lt;/title&gt;&lt;script&gt;alert(47)&lt;/script&gt;</title>"))
        let mustache = Self.payloads.firstIndex(of: "{{site.title}}{{{page.content}}}{{> base}}")!
        let mustachePage = try #require(files["p/p\(mustache)/index.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(mustachePage.contains("<h1>{{site.title}}{{{page.content}}}{{&gt; base}}</h1>"))
        // A page whose file is named like a script URL is linked as a path from the root.
        let home = try #require(files["index.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(home.contains(#"href="./javascript:alert(1)/index.html""#))
        #expect(home.contains(#"href="./javascript:alert(2)/index.html""#))
        #expect(files["javascript:alert(4)/index.html"] != nil, "the alias is a folder, not a URL")
    }

    /// File names that would break out of an attribute (`"`, `<`, `>`) cannot become pages at
    /// all: each is an error naming the file, and nothing is built.
    @Test(arguments: ["roles/\(oddEntry).md", "q\" onmouseover=\"alert(3).md"])
    func fileNamesThatBreakOutOfAttributesAreRefused(_ name: String) throws {
        let root = try Fixtures.temporaryFolder("oddName")
        let content = root.appendingPathComponent("Content")
        try Self.write(content, "_index.md", "---\ntitle: Home\n---\n")
        try Self.write(content, name, "---\ntitle: Odd file name\n---\n")
        let report = SiteBuilder.build(BuildOptions(root: root))
        #expect(report.exitCode == 1)
        #expect(report.diagnostics.map(\.location.file) == ["Content/\(name)"])
        #expect(report.diagnostics.first?.message.contains("which a page's address cannot carry as written") == true)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output").path))
    }

    @Test func theSearchIndexCannotEndAScriptAndKeepsEveryTitle() throws {
        let (report, output) = try Self.build(in: try Fixtures.temporaryFolder(), payloads: Self.payloads)
        let errors = report.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(errors)")
        var titles = Set<String>()
        for (path, data) in Fixtures.files(in: output) where path.hasPrefix("search/") {
            let text = String(decoding: data, as: UTF8.self)
            // Inlined into a page, no `</script>` or `<!--` may appear: `<` is always escaped.
            #expect(!data.contains(UInt8(ascii: "<")), "\(path) holds a raw '<'")
            #expect(!text.contains("\u{2028}") && !text.contains("\u{2029}"), "\(path) holds a raw line separator")
            let prefix = try #require(text.range(of: ","), "\(path) is not handbookSearchLoaded(name, data)")
            #expect(text.hasPrefix("handbookSearchLoaded(\"") && text.hasSuffix(");\n"))
            let json = Data(text[prefix.upperBound...].dropLast(3).utf8)
            let value = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
            if path == "search/meta.js", let meta = value as? [String: Any], let pages = meta["pages"] as? [[String]] {
                titles = Set(pages.map { $0[0] })
            }
        }
        let missing = Self.payloads.filter { !titles.contains($0) }
        #expect(missing.isEmpty, "titles changed on their way through the index: \(missing)")
    }

    @Test func everyRemovalIsALocatedWarning() throws {
        let (report, _) = try Self.build(in: try Fixtures.temporaryFolder(), payloads: Self.payloads)
        let warnings = report.diagnostics.filter { $0.severity == .warning }
        let errors = report.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(errors)")
        let printed = Set(warnings.map(\.description))
        let hint =
            " [raw-html]\n    hint: use Markdown or an allowed tag instead (see README, \"Raw HTML\"); if everyone who edits Content/ is trusted to "
            + "run script in readers' browsers, set `markdown: { raw_html: trusted }` in Content/site.yml"
        let linkHint =
            " [unsafe-url]\n    hint: link to an http(s) address or a file in Content/; script URLs are removed even with `raw_html: trusted`"
        let index = { (payload: String) in Self.payloads.firstIndex(of: payload)! }
        let expected = [
            "Content/p/p0.md:11:1: warning: raw HTML <script> is not allowed; it is shown as text" + hint,
            "Content/p/p0.md:13:9: warning: raw HTML <script> is not allowed; it is shown as text" + hint,
            "Content/p/p3.md:11:12: warning: removed `onerror` from <img>: event handler attributes run script" + hint,
            "Content/p/p\(index("<a href=\"&#106;avascript:alert(17)\">x</a>")).md:13:12: warning: "
                + "removed `href` from <a>: javascript: URLs run script" + hint,
            "Content/p/p\(index("[md link](javascript:alert(24))")).md:11:1: warning: "
                + "removed the link destination 'javascript:alert(24)': javascript: URLs run script" + linkHint,
            // A reference-style link is reported where its URL is written: at its definition.
            "Content/p/p\(index("[ref link][evil]")).md:21:1: warning: "
                + "removed the link destination 'javascript:alert(0)': javascript: URLs run script" + linkHint,
            "Content/p/p\(index("<div style=\"background:url(javascript:alert(38))\">x</div>")).md:11:6: warning: "
                + "removed `style` from <div>: inline styles are not allowed (they can load URLs and cover the page)" + hint,
            // A text field's Markdown: the block scalar's second line.
            "Content/roles/r0.md:5:1: warning: raw HTML <script> is not allowed; it is shown as text" + hint,
        ]
        let absent = expected.filter { !printed.contains($0) }
        #expect(absent.isEmpty, "missing:\n\(absent.joined(separator: "\n"))")

        // Each payload that is not plain text warns in the block and the inline position of its
        // page and in the text field that holds it.
        let places = Set(warnings.map { "\($0.location.file):\($0.location.line)" })
        var missing: [String] = []
        for (number, payload) in Self.payloads.enumerated() where !Self.quiet.contains(payload) {
            var expected = ["Content/p/p\(number).md:11", "Content/p/p\(number).md:13"]
            if payload == "[ref link][evil]" { expected = ["Content/p/p\(number).md:21"] }
            if number % 4 == 1 { expected.append("Content/roles/r\(number / 4).md:5") }
            missing += expected.filter { !places.contains($0) }.map { "\($0) (\(payload.debugDescription))" }
        }
        #expect(missing.isEmpty, "no warning at:\n\(missing.joined(separator: "\n"))")
        // Front matter strings are escaped where they are shown, not removed: the only warnings
        // above a page's body are from `note:`, a text field rendered as Markdown (a quoted
        // scalar's text is counted from the line after its key, as links in text fields are).
        let frontMatterLines = Set(
            warnings.filter { $0.location.file.hasPrefix("Content/p/") && $0.location.line < 10 }.map(\.location.line))
        #expect(frontMatterLines == [8])
    }

    @Test func trustedRawHTMLIsPublishedAsWrittenButScriptLinksStillGo() throws {
        let root = try Fixtures.temporaryFolder()
        let content = root.appendingPathComponent("Content")
        try Self.write(content, "site.yml", "title: Trusted\nmarkdown:\n  raw_html: trusted\n")
        try Self.write(
            content, "_index.md",
            "---\ntitle: Home\n---\n\n<div onclick=\"track()\">Hi</div>\n\n[x](javascript:alert(1))\n\n<iframe src=\"https://video.example/1\"></iframe>\n"
        )
        let output = root.appendingPathComponent("Output")
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(
            report.diagnostics.map(\.description) == [
                "Content/_index.md:7:1: warning: removed the link destination 'javascript:alert(1)': javascript: URLs run script [unsafe-url]\n"
                    + "    hint: link to an http(s) address or a file in Content/; script URLs are removed even with `raw_html: trusted`"
            ])
        let html = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<div onclick=\"track()\">Hi</div>"))
        #expect(html.contains(##"<a href="#">x</a>"##))
        #expect(html.contains(#"<iframe src="https://video.example/1"></iframe>"#), "trusted HTML is not tag-filtered either")
    }

    // MARK: - The site

    /// Builds a site with each payload everywhere; `payloads` of plain text give the clean twin.
    static func build(in root: URL, payloads: [String]) throws -> (report: BuildReport, output: URL) {
        try writeSite(root.appendingPathComponent("Content"), payloads: payloads)
        let output = root.appendingPathComponent("Output")
        return (SiteBuilder.build(BuildOptions(root: root, output: output)), output)
    }

    static func writeSite(_ content: URL, payloads: [String]) throws {
        func pick(_ original: String) -> String { payloads[Self.payloads.firstIndex(of: original)!] }
        let q = yamlQuoted
        let entries = (payloads.count + 3) / 4
        let enumValue = pick("<script>alert(1)</script>")
        try write(
            content, "site.yml",
            """
            title: \(q(pick("</title><script>alert(47)</script>")))
            description: \(q(pick("\"><script>alert(44)</script>")))
            page_fields:
              note: { type: text, label: \(q(pick("<img src=x onerror=alert(3)>"))) }
              see: { type: references, to: roles, label: \(q(pick("'><img src=x onerror=alert(45)>"))) }
            collections:
              roles:
                folder: roles
                title: \(q(pick("<svg onload=alert(7)>")))
                compare_pairs: true
                fields:
                  blurb: { type: text, label: Blurb, compare: true }
                  motto: { type: string, label: \(q(pick("\" onmouseover=\"alert(46)"))), compare: true }
                  kind: { type: enum, values: [\(q(enumValue)), plain], label: Kind, compare: true }
                  perks: { type: list, label: Perks, compare: true }
                  pay: { type: object, label: Pay, fields: { note: { type: string } } }
              paths:
                folder: paths
                title: Paths
                fields:
                  route: { type: flow, to: [roles], required: true }
            # The payloads' images name files that do not exist (`src=x`): missing, not unsafe.
            checks: { broken-link: warning }

            """)
        try write(
            content, "_index.md",
            """
            ---
            title: Home
            summary: \(q(pick("</script><script>alert(48)</script>")))
            compare:
              - caption: \(q(pick("<a href=\"x\" title=\"</a><script>alert(49)</script>\">x</a>")))
                collection: roles
                entries: [r0, r1]
                aspects: [blurb, motto, kind, perks, pay]
            ---

            Welcome.

            """)
        try write(content, "p/_index.md", "---\ntitle: Payloads\n---\n")
        for (number, payload) in payloads.enumerated() {
            // The body's lines are fixed: the block position is line 11, the inline one line 13.
            // An alias with an empty part (`//` in a payload) is an error of its own: slashes
            // become dashes so every payload reaches a redirect page.
            var aliases = [q("old/\(number)/" + payload.replacingOccurrences(of: "/", with: "-"))]
            if number == 0 { aliases.append(q("javascript:alert(4)")) }
            try write(
                content, "p/p\(number).md",
                """
                ---
                title: \(q(payload))
                summary: \(q(payload))
                tags: [\(q(payload)), tag-\(number)]
                aliases: [\(aliases.joined(separator: ", "))]
                custom: \(q(payload))
                note: \(q(payload))
                see: [r\(number % entries)]
                ---

                \(payload)

                Inline: \(payload) and more.

                ## Heading \(payload)

                | a | b |
                |---|---|
                | \(payload) | `\(payload)` |

                [evil]: javascript:alert(0)

                """)
        }
        for entry in 0..<entries {
            func at(_ offset: Int) -> String { payloads[min(payloads.count - 1, entry * 4 + offset)] }
            // A block scalar has no escapes, and YAML ends its lines at U+2028 too.
            let blurb = at(1).replacingOccurrences(of: "\u{2028}", with: " ").replacingOccurrences(of: "\u{2029}", with: " ")
            try write(
                content, "roles/r\(entry).md",
                """
                ---
                title: \(q(at(0)))
                blurb: |
                  First line.
                  \(blurb)
                motto: \(q(at(2)))
                kind: \(entry == 0 ? q(enumValue) : "plain")
                perks: [\(q(at(3))), plain]
                pay: { note: \(q(at(0))) }
                ---

                Role body: \(at(1))

                """)
        }
        try write(
            content, "paths/route.md",
            """
            ---
            title: \(q(pick("<svg><animate onbegin=alert(8) attributeName=x dur=1s>")))
            route:
              - name: \(q(pick("<math><mtext><table><mglyph><style><img src=x onerror=alert(58)>")))
                steps: [r0, r1]
            ---

            """)
        // Files and folders named like script URLs, linked from the root.
        try write(content, "javascript:alert(1).md", "---\ntitle: Script-named page\n---\n")
        try write(content, "javascript:alert(2)/_index.md", "---\ntitle: Script-named section\n---\n")
        try write(content, "javascript:alert(2)/inner.md", "---\ntitle: Inner page\n---\n")
    }

    static func write(_ folder: URL, _ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// A YAML double-quoted scalar holding exactly `text`.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: - What a browser would run

    static let forbidden: Set<String> = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "input", "button", "textarea",
        "select", "isindex", "style", "template", "noscript", "math", "animate", "set", "animatemotion", "animatetransform",
        "handler", "listener", "foreignobject", "video", "audio", "xmp", "plaintext", "noembed", "noframes", "body", "link", "meta",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "background", "data", "cite", "dynsrc", "lowsrc",
        "codebase", "to", "values", "from", "by",
    ]

    /// Why a tag would run script or change the page's behaviour, or nil when it is fine.
    static func problem(with tag: OutputScanner.Tag, themeTags: Set<String>) -> String? {
        if let handler = tag.attributes.first(where: { $0.name.hasPrefix("on") }) { return "event handler \(handler.name)" }
        if tag.value("style") != nil { return "style attribute" }
        // 404.html carries the theme's stylesheet and icon as data: addresses, since it must work
        // at any depth; a <link> exactly as a clean build writes it is the theme's, not a payload's.
        if tag.name == "link", themeTags.contains(tag.source) { return nil }
        for attribute in tag.attributes where urlAttributes.contains(attribute.name) || tag.name == "source" {
            let candidates = attribute.name == "srcset" ? attribute.value.split(separator: ",").map(String.init) : [attribute.value]
            if candidates.contains(where: { OutputScanner.runsScript($0.trimmingCharacters(in: .whitespaces)) }) {
                return "script URL in \(attribute.name)"
            }
        }
        switch tag.name {
        case "svg":
            return tag.value("class") == "flow-diagram" ? nil : "svg outside a flow diagram"
        case "meta":
            if tag.value("http-equiv") == nil { return nil }
            guard tag.value("http-equiv")?.lowercased() == "refresh", let content = tag.value("content"),
                let url = content.range(of: "url=", options: .caseInsensitive)
            else { return "meta http-equiv" }
            return OutputScanner.runsScript(String(content[url.upperBound...])) ? "refresh to a script URL" : nil
        case "link" where tag.value("rel") == "canonical":
            return nil
        default:
            return forbidden.contains(tag.name) && !themeTags.contains(tag.source) ? "<\(tag.name)> the theme does not write" : nil
        }
    }
}
