import Foundation
import HandbookBuild
import Testing

/// The fixture site served from a subpath (`/docs/handbook/`) by a static server on 127.0.0.1,
/// crawled from its home page: every internal address answers, every page is reached by
/// links alone, the sitemap's addresses resolve there too, and a missing address at any depth
/// gets a 404 page that is styled without any relative URL.
@Suite struct SubpathServingTests {
    static let base = "https://handbook.example.com/docs/handbook/"
    static let mount = "/docs/handbook/"
    /// Bounds, so a crawl that goes wrong ends.
    static let maxRequests = 2000
    static let maxSeconds = 60.0

    /// Builds the fixture with `base_url` and places the output at `/docs/handbook/` of a folder
    /// the server serves.
    static func serveFixture(_ name: String = #function) throws -> (server: LoopbackServer, output: URL) {
        let root = try OutputSafetyTests.makeSite(name, siteYML: "base_url: \(base)\n")
        let output = root.deletingLastPathComponent().appendingPathComponent("Output")
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.succeeded, "\(report.diagnostics)")
        let www = root.deletingLastPathComponent().appendingPathComponent("www")
        try FileManager.default.createDirectory(at: www.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: output, to: www.appendingPathComponent("docs/handbook"))
        let server = try LoopbackServer(root: www, notFound: www.appendingPathComponent("docs/handbook/404.html"))
        return (server, output)
    }

    /// The local path an address found on a page stands for, or nil when it leaves the site.
    static func localPath(_ reference: String, from page: String) -> String? {
        if reference.isEmpty || reference.hasPrefix("#") || reference.hasPrefix("data:") || reference.hasPrefix("mailto:") { return nil }
        if reference.hasPrefix(base) { return mount + reference.dropFirst(base.count) }
        guard let url = URL(string: reference, relativeTo: URL(string: "http://127.0.0.1" + page)), url.host == "127.0.0.1",
            reference.range(of: "^[a-z][a-z0-9+.-]*:", options: .regularExpression) == nil
        else { return nil }
        var path = url.absoluteURL.path
        if reference.split(separator: "#").first?.hasSuffix("/") == true, !path.hasSuffix("/") { path += "/" }
        return path
    }

    @Test func everyInternalAddressAnswersUnderASubpath() throws {
        let (server, output) = try Self.serveFixture()
        defer { server.stop() }
        let start = Date()
        var queue = [Self.mount + "index.html"]
        var seen = Set(queue)
        var failures: [String] = []
        var reached = Set<String>()
        var requests = 0
        while let path = queue.first {
            queue.removeFirst()
            requests += 1
            guard requests <= Self.maxRequests, Date().timeIntervalSince(start) < Self.maxSeconds else {
                Issue.record("the crawl went past its bounds at \(path)")
                break
            }
            let response = try LoopbackClient.request(port: server.port, path: path)
            guard response.status == 200 else {
                failures.append("\(path): \(response.status)")
                continue
            }
            reached.insert(path.hasSuffix("/") ? path + "index.html" : path)
            var references: [String] = []
            if response.headers["content-type"]?.hasPrefix("text/html") == true {
                references = HostedSiteTests.matches(#"(?:href|src)="([^"]*)""#, in: response.text)
            } else if path.hasSuffix("sitemap.xml") {
                references = HostedSiteTests.matches(#"<loc>([^<]*)</loc>"#, in: response.text)
            } else if path.hasSuffix("feed.xml") {
                references = HostedSiteTests.matches(#"href="([^"]*)""#, in: response.text)
            }
            for reference in references {
                guard let target = Self.localPath(reference.replacingOccurrences(of: "&amp;", with: "&"), from: path) else { continue }
                if seen.insert(target).inserted { queue.append(target) }
            }
            if path == Self.mount + "index.html" {
                for extra in ["sitemap.xml", "feed.xml", "robots.txt"] where seen.insert(Self.mount + extra).inserted {
                    queue.append(Self.mount + extra)
                }
            }
        }
        #expect(failures == [], "\(failures.count) addresses failed")
        #expect(requests > 40, "the crawl found the site (\(requests) requests)")
        // Every page is reached: from links alone, or from the sitemap. Redirects are old
        // addresses nothing links to, and 404.html is served for what is missing.
        let pages = Fixtures.files(in: output).filter { path, data in
            path.hasSuffix(".html") && path != "404.html" && !String(decoding: data, as: UTF8.self).contains("http-equiv=\"refresh\"")
        }
        let unreached = pages.keys.map { Self.mount + $0 }.filter { !reached.contains($0) }
        #expect(unreached.sorted() == [])
    }

    @Test func pagesAreReachableByLinksAlone() throws {
        let (server, output) = try Self.serveFixture()
        defer { server.stop() }
        var queue = [Self.mount + "index.html"]
        var seen = Set(queue)
        var requests = 0
        while let path = queue.first, requests < Self.maxRequests {
            queue.removeFirst()
            requests += 1
            let response = try LoopbackClient.request(port: server.port, path: path)
            guard response.status == 200, response.headers["content-type"]?.hasPrefix("text/html") == true else { continue }
            for reference in HostedSiteTests.matches(#"(?:href|src)="([^"]*)""#, in: response.text) {
                // Only what a reader clicks: the canonical link is not a link to follow.
                guard !reference.hasPrefix(Self.base), let target = Self.localPath(reference, from: path),
                    target.hasSuffix("index.html")
                else { continue }
                if seen.insert(target).inserted { queue.append(target) }
            }
        }
        let pages = Fixtures.files(in: output).filter { path, data in
            path.hasSuffix("index.html") && !String(decoding: data, as: UTF8.self).contains("http-equiv=\"refresh\"")
        }
        let unreached = pages.keys.map { Self.mount + $0 }.filter { !seen.contains($0) }
        #expect(unreached.sorted() == [], "pages no link leads to")
        #expect(pages.keys.contains("roles/compare/analyst-vs-lead/index.html"))
    }

    @Test func aMissingAddressAtDepthGetsTheStyled404Page() throws {
        let (server, _) = try Self.serveFixture()
        defer { server.stop() }
        for path in [Self.mount + "a/b/c/missing", Self.mount + "roles/nobody/", "/elsewhere/x.html"] {
            let response = try LoopbackClient.request(port: server.port, path: path)
            #expect(response.status == 404, "\(path)")
            let page = response.text
            #expect(page.contains("<h1>Page not found</h1>"), "\(path)")
            let style = HostedSiteTests.inlineStylesheet(page)
            #expect(style?.contains(".site-header {") == true, "the styles come with the page")
            let relative = HostedSiteTests.matches(##"(?:href|src)="([^"]*)""##, in: page).filter {
                !$0.hasPrefix("#") && !$0.hasPrefix("data:") && !$0.hasPrefix("http")
            }
            #expect(relative == [], "\(path): relative addresses break at depth")
        }
        // The script finds the root by asking for the stylesheet, deepest folder first: the
        // server must answer with CSS there and only there.
        let style = try LoopbackClient.request("HEAD", port: server.port, path: Self.mount + "assets/style.css")
        #expect(style.status == 200 && style.headers["content-type"]?.hasPrefix("text/css") == true)
        let deeper = try LoopbackClient.request("HEAD", port: server.port, path: Self.mount + "a/assets/style.css")
        #expect(deeper.status == 404)
    }
}
