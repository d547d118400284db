import Foundation
import HandbookBuild
import Testing

/// A build whose inputs did not change, into an output that still holds the last build's
/// files, does nothing: it writes no file and reports what the last build reported.
@Suite struct BuildRecordTests {
    /// Every file's bytes and modification time below a folder, work folder included.
    static func state(_ folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        let base = folder.path
        let walker = FileManager.default.enumerator(atPath: base)!
        while let relative = walker.nextObject() as? String {
            var info = stat()
            guard lstat(base + "/" + relative, &info) == 0 else { continue }
            let data = FileManager.default.contents(atPath: base + "/" + relative)?.count ?? -1
            result[relative] = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino) \(data)"
        }
        return result
    }

    @Test func anUnchangedBuildWritesNothingAndAnyChangeBuildsAgain() throws {
        let root = try OutputSafetyTests.makeSite()
        let page = root.appendingPathComponent("Content/guides/step-2.md")
        // A warning, so that an unchanged build is seen to report it again.
        try Data((try String(contentsOf: page, encoding: .utf8) + "\n<span onclick=\"x()\">hi</span>\n").utf8).write(to: page)
        // Stamps of files changed less than a second before a build are not trusted.
        Thread.sleep(forTimeInterval: 1.1)
        let options = BuildOptions(root: root)
        let first = SiteBuilder.build(options)
        #expect(first.succeeded && !first.unchanged)
        #expect(first.diagnostics.count == 1)
        let before = Self.state(root)

        let second = SiteBuilder.build(options)
        #expect(second.unchanged)
        #expect(second.pages == first.pages)
        #expect(second.diagnostics == first.diagnostics)
        let after = Self.state(root)
        let differing = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        #expect(differing == [], "an unchanged build writes nothing")

        // A file of the output changed by hand: the build makes the site again.
        let index = root.appendingPathComponent("Output/index.html")
        try Data("changed".utf8).write(to: index)
        let third = SiteBuilder.build(options)
        #expect(third.succeeded && !third.unchanged)
        #expect(try String(contentsOf: index, encoding: .utf8) != "changed")

        // An option that changes the output.
        let drafts = SiteBuilder.build(BuildOptions(root: root, includeDrafts: true))
        #expect(!drafts.unchanged)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/roles/intern/index.html").path))

        // An edit to a page, even one that keeps its size.
        let text = try String(contentsOf: page, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Step 2 of", with: "Step 2 on").utf8).write(to: page)
        let edited = SiteBuilder.build(options)
        #expect(!edited.unchanged)
        let html = try String(contentsOf: root.appendingPathComponent("Output/guides/step-2/index.html"), encoding: .utf8)
        #expect(html.contains("Step 2 on the guide"))
    }

    /// Page dates come from Git: a new commit must make the next build a real one, though no
    /// file of Content/ changed.
    @Test func aNewCommitIsAChange() throws {
        let root = try OutputSafetyTests.makeSite()
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", root.path] + arguments
            process.environment = [
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": root.path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "git \(arguments)")
        }
        try Data("Output/\n.Output.handbook/\n".utf8).write(to: root.appendingPathComponent(".gitignore"))
        try git("init", "-q")
        try git("add", "-A")
        try git("commit", "-q", "-m", "first")
        Thread.sleep(forTimeInterval: 1.1)
        let options = BuildOptions(root: root)
        #expect(!SiteBuilder.build(options).unchanged)
        #expect(SiteBuilder.build(options).unchanged)
        try git("commit", "-q", "--allow-empty", "-m", "second")
        Thread.sleep(forTimeInterval: 1.1)
        #expect(!SiteBuilder.build(options).unchanged, "HEAD moved")
        #expect(SiteBuilder.build(options).unchanged)
    }
}
