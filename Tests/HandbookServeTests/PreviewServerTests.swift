import Foundation
import HandbookBuild
import Testing

@testable import HandbookServe

#if canImport(Glibc)
    import Glibc
#endif

/// The preview server in this process, on a free port of 127.0.0.1, with a raw HTTP client.
@Suite(.timeLimit(.minutes(1))) struct PreviewServerTests {
    @Test func servesPagesWithTheirTypesFoldersAndHead() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let preview = try await RunningPreview.start(root)

        let home = try await preview.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.headers["cache-control"] == "no-store")
        #expect(home.text.contains("<title>Fixture Handbook</title>"))
        #expect(home.text.contains("new EventSource(\"/__handbook/events?since=1\")"), "the live-reload script is injected")
        #expect(home.headers["content-length"] == String(home.body.count))

        let head = try await preview.get("/", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.headers["content-length"] == String(home.body.count))
        #expect(head.headers["content-type"] == "text/html; charset=utf-8")

        let folder = try await preview.get("/roles/")
        #expect(folder.status == 200 && folder.text.contains("<h1"))
        let bare = try await preview.get("/roles")
        #expect(bare.status == 301 && bare.headers["location"] == "/roles/")

        let css = try #require(preview.server.live.snapshot?.files.keys.first { $0.hasSuffix(".css") })
        let style = try await preview.get("/" + css)
        #expect(style.status == 200 && style.headers["content-type"] == "text/css; charset=utf-8")
        #expect(!style.text.contains("EventSource"), "only HTML gets the script")
        let svg = try await preview.get("/guides/deep/diagram.svg")
        #expect(svg.status == 200 && svg.headers["content-type"] == "image/svg+xml")

        let missing = try await preview.get("/no/such/page/")
        // The site's own 404.html, which every build writes.
        #expect(missing.status == 404 && missing.text.contains("There is no page at this address") && missing.text.contains("EventSource"))
        let post = try await preview.get("/", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
        try await preview.stop()
    }

    @Test func theSitesOwn404PageAnswersMissingPaths() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        // A theme of the site's own overrides the 404 page's template.
        let template = root.appendingPathComponent("Themes/default/templates/404.mustache")
        try FileManager.default.createDirectory(at: template.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("<!doctype html><title>Lost</title><body><p>This handbook has no such page.</p></body>\n".utf8).write(to: template)
        let preview = try await RunningPreview.start(root)
        let missing = try await preview.get("/nowhere")
        #expect(missing.status == 404)
        #expect(missing.text.contains("This handbook has no such page."))
        #expect(missing.text.contains("EventSource"))
        try await preview.stop()
    }

    /// Every way of spelling a way out of the site is refused, and the file beside the site's
    /// root never appears, whether it is named directly, through a symbolic link, or through
    /// the output folder.
    @Test func traversalIsRefusedInEveryEncoding() async throws {
        let (root, secret) = try ServeFixtures.makeSite()
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("leak.txt").path, withDestinationPath: "../secret.txt")
        try manager.createDirectory(at: root.appendingPathComponent("Output"), withIntermediateDirectories: true)
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("Output/leak.txt").path, withDestinationPath: "../../secret.txt")
        let preview = try await RunningPreview.start(root)
        // Refused before any look-up: 403, whatever the site holds.
        let refused = [
            "/../secret.txt", "/../../secret.txt", "/roles/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
            "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt", "/%2fsecret.txt", "/%2f..%2fsecret.txt",
            "/..\\secret.txt", "/\\..\\secret.txt", "/%5c..%5csecret.txt", "//etc/passwd", "//secret.txt", "/%00",
            "/secret.txt%00.html", "/./../secret.txt", "/site/../secret.txt", "http://127.0.0.1/../secret.txt", "/..",
            "/.%2e/secret.txt", "/roles/%2e%2e/index.html",
        ]
        // Harmless names that the site does not have: 404, never a file from the disk.
        let elsewhere = ["/%252e%252e/secret.txt", "/leak.txt", "/Output/leak.txt", "/secret.txt", "/etc/passwd"]
        for (attempt, status) in refused.map({ ($0, 403) }) + elsewhere.map({ ($0, 404) }) {
            let response = try await preview.get(attempt)
            #expect(response.status == status, "\(attempt) answered \(response.status)")
            #expect(!response.text.contains(secret), "\(attempt) leaked the file beside the site")
        }
        try await preview.stop()
    }

    @Test func aSavedFileRebuildsAndReloadsOpenPages() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let preview = try await RunningPreview.start(root)
        let events = try await EventStreamClient.open(port: preview.port, since: 1)

        let page = root.appendingPathComponent("Content/guides/step-2.md")
        try Data((try String(contentsOf: page, encoding: .utf8) + "\nA sentence added while serving.\n").utf8).write(to: page)
        #expect(try await events.waitFor("event: reload\nid: 2\ndata: 2\n"), "\(events.text)")
        #expect(preview.generations == [1, 2])
        #expect(try await preview.get("/guides/step-2/").text.contains("A sentence added while serving."))

        // A tab that loaded generation 1 and connects only now still hears about generation 2.
        let late = try await EventStreamClient.open(port: preview.port, since: 1)
        #expect(try await late.waitFor("event: reload\nid: 2\n"))
        // One that loaded generation 2 does not.
        let current = try await EventStreamClient.open(port: preview.port, since: 2)
        #expect(try await !current.waitFor("event:", limit: .milliseconds(300)))
        try await preview.stop()
    }

    @Test func anErrorShowsAnOverlayUntilTheFileIsFixed() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let preview = try await RunningPreview.start(root)
        let events = try await EventStreamClient.open(port: preview.port, since: 1)
        let page = root.appendingPathComponent("Content/skills/sql.md")
        let good = try Data(contentsOf: page)

        try Data("---\ntitle: [SQL\nkind: technical\n---\nQuerying.\n".utf8).write(to: page)
        #expect(try await events.waitFor("event: errors\nid: 2\ndata: <div id=\"__handbook-overlay\""), "\(events.text)")
        #expect(events.text.contains("Content/skills/sql.md:3:"), "the event names the file and line")
        let broken = try await preview.get("/skills/sql/")
        #expect(broken.status == 200, "the last good site is still served")
        #expect(broken.text.contains("Querying tables."))
        #expect(broken.text.contains("id=\"__handbook-overlay\""))
        #expect(broken.text.contains("<code>Content/skills/sql.md:3:"))
        #expect(broken.text.contains("hint: "))

        try good.write(to: page)
        #expect(try await events.waitFor("event: reload\nid: 3\n"), "\(events.text)")
        let fixed = try await preview.get("/skills/sql/")
        #expect(!fixed.text.contains("id=\"__handbook-overlay\""))
        #expect(events.eventNames == ["errors", "reload"])
        try await preview.stop()
    }

    @Test(arguments: [false, true])
    func renameSaveAndDoubleWriteEachRebuildOnce(polling: Bool) async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let preview = try await RunningPreview.start(root, polling: polling)
        let page = root.appendingPathComponent("Content/roles/analyst.md")
        let original = try String(contentsOf: page, encoding: .utf8)

        try await EditorSave.byRename(page, original + "\nSaved by rename.\n")
        #expect(await preview.waitForBuilds(2))
        try await Task.sleep(for: polling ? .milliseconds(1200) : .milliseconds(400))
        #expect(preview.generations == [1, 2], "one save, one rebuild")
        #expect(try await preview.get("/roles/analyst/").text.contains("Saved by rename."))

        // Write the page twice in a row: one rebuild, with the second content.
        try await EditorSave.twice(page, original + "\nFirst write.\n", original + "\nSecond write.\n")
        #expect(await preview.waitForBuilds(3))
        try await Task.sleep(for: polling ? .milliseconds(1200) : .milliseconds(400))
        #expect(preview.generations == [1, 2, 3], "two writes, one rebuild")
        let text = try await preview.get("/roles/analyst/").text
        #expect(text.contains("Second write.") && !text.contains("First write."))
        try await preview.stop()
    }

    @Test func pagesInANewFolderAreBuilt() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let preview = try await RunningPreview.start(root)
        let folder = root.appendingPathComponent("Content/guides/new-folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("---\ntitle: Fresh\n---\nIn a new folder.\n".utf8).write(to: folder.appendingPathComponent("fresh.md"))
        let end = ContinuousClock.now + .seconds(10)
        var response = try await preview.get("/guides/new-folder/fresh/")
        while response.status != 200, ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(50))
            response = try await preview.get("/guides/new-folder/fresh/")
        }
        #expect(response.text.contains("In a new folder."))
        // A file written into the folder after it was created is watched too. (Polled, not
        // counted in builds: a rebuild for the folder's own events may still be on its way.)
        try Data("---\ntitle: Later\n---\nWritten later.\n".utf8).write(to: folder.appendingPathComponent("later.md"))
        let later = ContinuousClock.now + .seconds(10)
        response = try await preview.get("/guides/new-folder/later/")
        while !response.text.contains("Written later."), ContinuousClock.now < later {
            try await Task.sleep(for: .milliseconds(50))
            response = try await preview.get("/guides/new-folder/later/")
        }
        #expect(response.text.contains("Written later."))
        try await preview.stop()
    }

    @Test func stoppingEndsOpenEventStreamsAtOnce() async throws {
        let (root, _) = try ServeFixtures.makeSite()
        let preview = try await RunningPreview.start(root)
        let events = try await EventStreamClient.open(port: preview.port, since: 1)
        let start = ContinuousClock.now
        try await preview.stop()
        #expect(start.duration(to: .now) < .seconds(1))
        #expect(try await events.waitForEnd(limit: .seconds(1)))
    }

    @Test func aTakenDefaultPortMovesOnAndATakenExplicitPortIsAnError() throws {
        // Hold a port, as another program would.
        let holder = try ServeFixtures.holdPort()
        defer { close(holder.socket) }
        let taken = holder.port
        #expect(PortChooser.probe(host: "127.0.0.1", port: taken) == .taken)

        var options = PreviewOptions(build: BuildOptions(root: URL(fileURLWithPath: "/nonexistent")))
        options.port = taken
        var reported: [Int] = []
        let chosen = try PortChooser.choose(options) { if case .portTaken(let port) = $0 { reported.append(port) } }
        #expect(chosen > taken && chosen < taken + 20)
        #expect(reported.first == taken)

        options.portIsExplicit = true
        #expect(throws: PreviewError.self) { try PortChooser.choose(options) { _ in } }
        options.host = "203.0.113.9"  // an address this machine does not have
        options.port = 0
        #expect(throws: PreviewError.self) { try PortChooser.choose(options) { _ in } }
    }
}
