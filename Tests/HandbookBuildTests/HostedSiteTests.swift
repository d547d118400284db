import Foundation
import HandbookBuild
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What a static host needs beside the pages: robots.txt, sitemap.xml and canonical links with
/// `base_url`, the Atom feed, 404.html, the generator tag, edit links, and generated pages that
/// can be found and are counted as pages.
@Suite struct HostedSiteTests {
    /// The fixture's Content/ in a fresh folder with lines added to site.yml, built in memory.
    static func render(
        siteYML extra: String = "", sourceDateEpoch: Int? = nil, _ name: String = #function
    ) throws -> (files: [String: String], report: BuildReport) {
        let root = try OutputSafetyTests.makeSite(name, siteYML: extra)
        let (site, report) = SiteBuilder.render(BuildOptions(root: root, sourceDateEpoch: sourceDateEpoch))
        var files: [String: String] = [:]
        for file in site?.files ?? [] { files[file.path] = String(decoding: file.data, as: UTF8.self) }
        return (files, report)
    }

    static let base = "https://handbook.example.com/docs/team/"

    @Test func robotsKeepsCrawlersOutByDefault() throws {
        let (files, report) = try Self.render()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(files["robots.txt"] == "User-agent: *\nDisallow: /\n")
    }

    @Test(arguments: [
        ("robots: allow\n", "User-agent: *\nAllow: /\n"),
        ("robots: disallow\n", "User-agent: *\nDisallow: /\n"),
        (
            "robots: allow\nbase_url: https://handbook.example.com/docs/team\n",
            "User-agent: *\nAllow: /\n\nSitemap: https://handbook.example.com/docs/team/sitemap.xml\n"
        ),
        ("robots: |\n  User-agent: Intranetbot\n  Allow: /\n", "User-agent: Intranetbot\nAllow: /\n"),
    ])
    func robotsFollowsSiteYML(_ yml: String, _ expected: String) throws {
        let (files, report) = try Self.render(siteYML: yml)
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(files["robots.txt"] == expected)
    }

    @Test(arguments: [
        ("robots: maybe\n", "Content/site.yml:30:9: error: 'robots' must be allow, disallow, or the lines of a robots.txt, found 'maybe'"),
        (
            "base_url: handbook.example.com\n",
            "Content/site.yml:30:11: error: 'base_url' must be an absolute http(s) address, found 'handbook.example.com'"
        ),
        (
            "base_url: ftp://example.com/\n",
            "Content/site.yml:30:11: error: 'base_url' must be an absolute http(s) address, found 'ftp://example.com/'"
        ),
        (
            "base_url: https://example.com/?a=b\n",
            "Content/site.yml:30:11: error: 'base_url' must be an absolute http(s) address, found 'https://example.com/?a=b'"
        ),
        (
            "edit_url: github.com/org/repo\n",
            "Content/site.yml:30:11: error: 'edit_url' must be an absolute http(s) address, found 'github.com/org/repo'"
        ),
    ])
    func badHostingSettingsAreLocatedErrors(_ yml: String, _ expected: String) throws {
        let (_, report) = try Self.render(siteYML: yml)
        #expect(!report.succeeded)
        let first = report.diagnostics.first
        #expect(first.map { "\($0.location): error: \($0.message)" } == expected)
        #expect(first?.hint?.isEmpty == false, "every diagnostic says how to fix it")
    }

    @Test func withoutBaseURLNothingIsAbsoluteAndThereIsNoSitemap() throws {
        let (files, report) = try Self.render()
        #expect(report.succeeded)
        #expect(files["sitemap.xml"] == nil)
        for (path, text) in files where path.hasSuffix(".html") {
            #expect(!text.contains("rel=\"canonical\" href=\"http"), "\(path)")
        }
    }

    @Test func baseURLGivesSitemapAndCanonicalLinksAndNothingElseAbsolute() throws {
        let (files, report) = try Self.render(siteYML: "base_url: https://handbook.example.com/docs/team\n")
        #expect(report.succeeded, "\(report.diagnostics)")
        let analyst = try #require(files["roles/analyst/index.html"])
        #expect(analyst.contains(#"<link rel="canonical" href="https://handbook.example.com/docs/team/roles/analyst/">"#))
        let pair = try #require(files["roles/compare/analyst-vs-lead/index.html"])
        #expect(pair.contains(#"<link rel="canonical" href="\#(Self.base)roles/compare/analyst-vs-lead/">"#))
        let home = try #require(files["index.html"])
        #expect(home.contains(#"<link rel="canonical" href="\#(Self.base)">"#))
        // The base address appears in canonical links and nowhere else in the pages.
        for (path, text) in files where path.hasSuffix(".html") && path != "404.html" {
            let uses = text.components(separatedBy: "=\"\(Self.base)").count - 1
            let canonical = text.components(separatedBy: "<link rel=\"canonical\" href=\"\(Self.base)").count - 1
            #expect(uses == canonical, "\(path) uses the base address outside its canonical link")
            #expect(canonical == 1, "\(path) has \(canonical) canonical links")
        }
        // Every page is in the sitemap with its absolute address, and only pages.
        let sitemap = try #require(files["sitemap.xml"])
        let locs = Set(Self.matches(#"<loc>([^<]*)</loc>"#, in: sitemap))
        let pages = files.keys.filter { $0.hasSuffix("index.html") && $0 != "old/analyst/index.html" }
        #expect(locs == Set(pages.map { Self.base + String($0.dropLast("index.html".count)) }))
        #expect(locs.count == report.pages)
        #expect(sitemap.contains("<loc>\(Self.base)roles/analyst/</loc><lastmod>2026-03-14</lastmod>"))
        #expect(sitemap.contains("<loc>\(Self.base)roles/compare/analyst-vs-lead/</loc><lastmod>2026-03-14</lastmod>"))
        try Self.parseXML(sitemap)
    }

    @Test func theFeedIsValidAtomWithRelativeLinksByDefault() throws {
        let (files, report) = try Self.render()
        #expect(report.succeeded)
        let feed = try Self.parseXML(try #require(files["feed.xml"]))
        #expect(feed.name == "feed" && feed.attributes["xmlns"] == "http://www.w3.org/2005/Atom")
        for required in ["title", "id", "updated", "author"] { #expect(feed.child(required) != nil, "feed has no \(required)") }
        #expect(feed.child("updated")?.text == "2026-03-14T00:00:00Z", "the newest entry's date")
        let entries = feed.children.filter { $0.name == "entry" }
        #expect(entries.map { $0.child("title")?.text } == ["Analyst", "Step 1"], "newest first, dated pages only")
        #expect(entries.map { $0.child("updated")?.text } == ["2026-03-14T00:00:00Z", "2025-12-01T00:00:00Z"])
        #expect(entries.map { $0.child("link")?.attributes["href"] } == ["roles/analyst/index.html", "guides/step-1/index.html"])
        let ids = entries.compactMap { $0.child("id")?.text } + [feed.child("id")?.text ?? ""]
        #expect(Set(ids).count == 3, "ids are unique")
        for id in ids { #expect(id.hasPrefix("urn:uuid:") && id.count == 45, "\(id) is an absolute IRI") }
        // Every page points at the feed.
        let step = try #require(files["guides/step-2/index.html"])
        #expect(
            step.contains(
                #"<link rel="alternate" type="application/atom+xml" title="Fixture Handbook: recently changed pages" href="../../feed.xml">"#
            ))
    }

    @Test func theFeedHasAbsoluteLinksWithBaseURLAndAtMostTwentyEntries() throws {
        let root = try OutputSafetyTests.makeSite(siteYML: "base_url: \(Self.base)\n")
        for index in 0..<25 {
            let text = "---\ntitle: Note \(index)\nupdated: 2026-01-\(index < 9 ? "0" : "")\(index + 1)\n---\nText.\n"
            try Data(text.utf8).write(to: root.appendingPathComponent("Content/guides/note-\(index).md"))
        }
        let (site, report) = SiteBuilder.render(BuildOptions(root: root))
        #expect(report.succeeded, "\(report.diagnostics)")
        let file = try #require(site?.files.first { $0.path == "feed.xml" })
        let feed = try Self.parseXML(String(decoding: file.data, as: UTF8.self))
        let entries = feed.children.filter { $0.name == "entry" }
        #expect(entries.count == 20)
        #expect(entries.first?.child("title")?.text == "Analyst")
        #expect(entries.dropFirst().first?.child("title")?.text == "Note 24")
        #expect(entries.first?.child("id")?.text == Self.base + "roles/analyst/")
        #expect(entries.first?.child("link")?.attributes["href"] == Self.base + "roles/analyst/")
        #expect(feed.children.first { $0.name == "link" && $0.attributes["rel"] == "self" }?.attributes["href"] == Self.base + "feed.xml")
    }

    @Test func aSiteWithoutDatesHasNoFeed() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try Data("title: Plain\n".utf8).write(to: root.appendingPathComponent("Content/site.yml"))
        try Data("---\ntitle: Home\n---\nHello.\n".utf8).write(to: root.appendingPathComponent("Content/_index.md"))
        let (site, report) = SiteBuilder.render(BuildOptions(root: root))
        #expect(report.succeeded)
        let paths = Set(site?.files.map(\.path) ?? [])
        #expect(!paths.contains("feed.xml"))
        #expect(paths.isSuperset(of: ["index.html", "404.html", "robots.txt"]))
        let home = String(decoding: site!.files.first { $0.path == "index.html" }!.data, as: UTF8.self)
        #expect(!home.contains("application/atom+xml"))
    }

    @Test func everyPageNamesItsGenerator() throws {
        let (files, _) = try Self.render()
        let tag = "<meta name=\"generator\" content=\"handbook \(HandbookVersion.current)\">"
        for (path, text) in files where path.hasSuffix(".html") {
            #expect(text.contains(tag), "\(path)")
        }
    }

    @Test func editLinksJoinEditURLWithThePathFromTheRepositoryRoot() throws {
        let (files, report) = try Self.render(siteYML: "edit_url: https://github.com/org/handbook/edit/main\n")
        #expect(report.succeeded, "\(report.diagnostics)")
        let analyst = try #require(files["roles/analyst/index.html"])
        #expect(analyst.contains(#"<a href="https://github.com/org/handbook/edit/main/Content/roles/analyst.md">Edit this page</a>"#))
        // A landing page the build made up has no file to edit.
        let skills = try #require(files["skills/index.html"])
        #expect(!skills.contains("Edit this page"))
        let (plain, _) = try Self.render()
        #expect(plain["roles/analyst/index.html"]?.contains("Edit this page") == false)
    }

    @Test func pairPagesAreLinkedDescribedAndSearchable() throws {
        let (files, report) = try Self.render()
        #expect(report.succeeded)
        // The collection's landing page and each entry link to the page of pairs, which links to
        // every pair.
        #expect(files["roles/index.html"]?.contains(#"<a href="../roles/compare/index.html">Compare roles side by side</a>"#) == true)
        #expect(
            files["roles/lead/index.html"]?.contains(#"<a href="../../roles/compare/index.html">Compare roles side by side</a>"#) == true)
        let index = try #require(files["roles/compare/index.html"])
        for path in files.keys where path.hasPrefix("roles/compare/") && path != "roles/compare/index.html" {
            let folder = path.dropFirst("roles/compare/".count).dropLast("/index.html".count)
            #expect(index.contains("href=\"../../roles/compare/\(folder)/index.html\""), "\(path) is not linked")
        }
        let pair = try #require(files["roles/compare/analyst-vs-lead/index.html"])
        #expect(pair.contains(#"<meta name="description" content="Analyst and Lead side by side: Focus and Level.">"#))
        #expect(index.contains(#"<meta name="description" content="Every pair of roles compared side by side: "#))
        // Both are in the search index, under their collection.
        let meta = try #require(files["search/meta.js"])
        #expect(meta.contains(#"["Analyst vs Lead","roles/compare/analyst-vs-lead/","Roles"]"#), "\(meta.prefix(300))")
        #expect(meta.contains(#"["Compare roles side by side","roles/compare/","Roles"]"#))
    }

    @Test func pairPagesComeAfterTheirEntriesInSearch() throws {
        let (files, _) = try Self.render()
        func payload(_ path: String) throws -> Any {
            let text = try #require(files[path])
            let json = text.drop { $0 != "," }.dropFirst().dropLast(text.hasSuffix(");\n") ? 3 : 2)
            return try JSONSerialization.jsonObject(with: Data(json.utf8))
        }
        let meta = try #require(try payload("search/meta.js") as? [String: Any])
        let urls = try #require(meta["pages"] as? [[String]]).map { $0[1] }
        let terms = try #require(try payload("search/terms/an.js") as? [String: [Int]])
        let postings = try #require(terms["analyst"])
        var weights: [String: Int] = [:]
        for index in stride(from: 0, to: postings.count - 1, by: 2) { weights[urls[postings[index]]] = postings[index + 1] }
        // handbook.js ranks a page as a title match when each word weighs 25 or more there.
        #expect(try #require(weights["roles/analyst/"]) >= 50)
        let pairs = weights.filter { $0.key.hasPrefix("roles/compare/") && $0.key != "roles/compare/" }
        #expect(pairs.count == 3, "\(weights)")
        #expect(pairs.values.allSatisfy { $0 < 25 }, "\(pairs)")
    }

    @Test func generatedLandingPagesAreDescribed() throws {
        let (files, _) = try Self.render()
        #expect(files["skills/index.html"]?.contains(#"<meta name="description" content="Skills: Listening, SQL.">"#) == true)
    }

    @Test func thePageCountLeavesOutRedirectsAnd404() throws {
        let (files, report) = try Self.render()
        #expect(files["old/analyst/index.html"]?.contains("http-equiv=\"refresh\"") == true)
        #expect(files["404.html"] != nil)
        let pages = files.keys.filter { $0.hasSuffix("index.html") && !$0.hasPrefix("old/") }
        #expect(report.pages == pages.count)
        #expect(report.pages == 26)
    }

    @Test func notFoundPageNeedsNoRelativeURL() throws {
        let (files, _) = try Self.render(siteYML: "base_url: \(Self.base)\n")
        let page = try #require(files["404.html"])
        // The stylesheet and the icon are data: addresses, the theme script is inline.
        #expect(Self.inlineStylesheet(page) == files["assets/style.css"])
        #expect(page.contains("<script>\n// Applies the saved colour theme before the page paints"))
        #expect(page.contains(#"<link rel="icon" href="data:image/svg+xml;base64,"#))
        let references = Self.matches(#"(?:href|src)="([^"]*)""#, in: page)
        for url in references where !url.hasPrefix("#") && !url.hasPrefix("data:") {
            #expect(url == Self.base + "index.html", "\(url) is relative, which breaks at depth")
        }
        #expect(page.contains("data-base-url=\"\(Self.base)\""))
        #expect(page.contains("<meta name=\"robots\" content=\"noindex\">"))
        // Without base_url the link home works when the page is at the root (opened from disk).
        let (plain, _) = try Self.render()
        #expect(plain["404.html"]?.contains(#"<a class="site-title" href="index.html" data-home>"#) == true)
    }

    @Test func aFileUnderContentWhereTheBuildWritesOneIsAnError() throws {
        let root = try OutputSafetyTests.makeSite()
        for path in ["robots.txt", "404.html"] {
            try Data("mine\n".utf8).write(to: root.appendingPathComponent("Content/" + path))
        }
        let (_, report) = SiteBuilder.render(BuildOptions(root: root))
        #expect(
            report.diagnostics.map { "\($0.location): \($0.message)" } == [
                "Content/404.html:1:1: this file would replace 404.html, which the build writes",
                "Content/robots.txt:1:1: this file would replace robots.txt, which the build writes",
            ])
        #expect(report.diagnostics.last?.hint == "remove it and write its lines under `robots: |` in site.yml")
        let output = root.deletingLastPathComponent().appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).exitCode == 1)
    }

    // MARK: - Helpers

    /// The stylesheet a page carries as a `data:` address, decoded; nil when it links to a file.
    static func inlineStylesheet(_ page: String) -> String? {
        let links = matches(#"<link rel="stylesheet" href="([^"]*)">"#, in: page)
        guard links.count == 1, let link = links.first, link.hasPrefix("data:text/css;base64,") else { return nil }
        return Data(base64Encoded: String(link.dropFirst("data:text/css;base64,".count))).map { String(decoding: $0, as: UTF8.self) }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }

    /// An XML element with its attributes, text and children.
    final class Element {
        let name: String
        let attributes: [String: String]
        var text = ""
        var children: [Element] = []
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
        func child(_ name: String) -> Element? { children.first { $0.name == name } }
    }

    /// Parses XML with Foundation's parser; a document that is not well-formed fails the test.
    @discardableResult
    static func parseXML(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Element {
        final class Delegate: NSObject, XMLParserDelegate {
            var stack: [Element] = []
            var root: Element?
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                let element = Element(name: name, attributes: attributes)
                stack.last?.children.append(element)
                stack.append(element)
                if root == nil { root = element }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                stack.removeLast()
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        let ok = parser.parse()
        #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        return try #require(delegate.root, sourceLocation: sourceLocation)
    }
}
