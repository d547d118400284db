import Foundation
import Testing

@testable import HandbookBuild

/// "Last updated": front matter `updated:`, else the file's last Git commit, never later than
/// SOURCE_DATE_EPOCH; and builds stay byte-identical.
@Suite struct PageDateTests {
    /// Runs git in a folder with a fixed identity and no user or system configuration.
    @discardableResult
    static func git(_ arguments: [String], in folder: URL, date: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = try #require(GitHistory.executable(named: "git"), "git is needed for this test")
        process.arguments = ["-C", folder.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment[key] = nil }
        environment["GIT_AUTHOR_NAME"] = "Test"
        environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test"
        environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
        if let date {
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// A repository whose top level holds `docs/` with the site in it, committed on fixed dates:
    /// everything on 2026-01-10, then roles/lead.md on 2026-02-20 (committed at 23:30 UTC+2,
    /// which is 21:30 UTC the same day), then skills/sql.md on 2026-03-05.
    static func makeRepository(_ name: String = #function) throws -> (top: URL, site: URL) {
        let top = try Fixtures.temporaryFolder(name).appendingPathComponent("repo")
        let site = top.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: site.appendingPathComponent("Content"))
        try git(["init", "-q"], in: top)
        try git(["add", "."], in: top)
        try git(["commit", "-q", "-m", "First"], in: top, date: "2026-01-10T08:00:00Z")
        try Data("\nMore about the lead.\n".utf8).append(to: site.appendingPathComponent("Content/roles/lead.md"))
        try git(["commit", "-q", "-am", "Lead"], in: top, date: "2026-02-20T23:30:00+02:00")
        try Data("\nMore about SQL.\n".utf8).append(to: site.appendingPathComponent("Content/skills/sql.md"))
        try git(["commit", "-q", "-am", "SQL"], in: top, date: "2026-03-05T12:00:00Z")
        return (top, site)
    }

    static func page(_ site: RenderedSite?, _ path: String) -> String {
        site?.files.first { $0.path == path }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
    }

    static func updated(_ html: String) -> String? {
        guard let range = html.range(of: #"Last updated <time datetime="[0-9-]+">[0-9-]+</time>"#, options: .regularExpression) else {
            return nil
        }
        return String(html[range].suffix(17).prefix(10))
    }

    @Test func datesComeFromUpdatedThenTheLastCommit() throws {
        let (top, site) = try Self.makeRepository()
        try Data("* @org/all\n/docs/Content/skills/ @org/skills\n".utf8).write(to: top.appendingPathComponent("CODEOWNERS"))
        let (rendered, report) = SiteBuilder.render(
            BuildOptions(root: site, output: top.appendingPathComponent("Output")))
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(Self.updated(Self.page(rendered, "roles/lead/index.html")) == "2026-02-20")
        #expect(Self.updated(Self.page(rendered, "skills/sql/index.html")) == "2026-03-05")
        #expect(Self.updated(Self.page(rendered, "roles/director/index.html")) == "2026-01-10")
        // `updated:` wins over Git.
        #expect(Self.updated(Self.page(rendered, "roles/analyst/index.html")) == "2026-03-14")
        // A landing page the build made up has no file and no date.
        #expect(Self.updated(Self.page(rendered, "skills/index.html")) == nil)
        #expect(Self.page(rendered, "roles/lead/index.html").contains(#"<time datetime="2026-02-20">2026-02-20</time>"#))
        // CODEOWNERS at the repository's top level, with paths from there.
        #expect(Self.page(rendered, "skills/sql/index.html").contains("Owner: @org/skills"))
        #expect(Self.page(rendered, "roles/lead/index.html").contains("Owner: @org/all"))
        let feed = Self.page(rendered, "feed.xml")
        #expect(feed.contains("<updated>2026-03-14T00:00:00Z</updated>"))
        #expect(feed.contains("<updated>2026-03-05T12:00:00Z</updated>"), "Git dates keep their time")
    }

    @Test func editLinksUseThePathFromTheRepositoryTopLevel() throws {
        let (_, site) = try Self.makeRepository()
        let config = site.appendingPathComponent("Content/site.yml")
        try Data("edit_url: https://github.com/org/repo/edit/main/\n".utf8).append(to: config)
        let (rendered, _) = SiteBuilder.render(BuildOptions(root: site))
        #expect(
            Self.page(rendered, "roles/lead/index.html").contains(
                #"<a href="https://github.com/org/repo/edit/main/docs/Content/roles/lead.md">Edit this page</a>"#))
    }

    @Test func sourceDateEpochClampsLaterDates() throws {
        let (_, site) = try Self.makeRepository()
        let epoch = 1_771_200_000  // 2026-02-16T00:00:00Z
        let (rendered, report) = SiteBuilder.render(BuildOptions(root: site, sourceDateEpoch: epoch))
        #expect(report.succeeded)
        #expect(Self.updated(Self.page(rendered, "roles/director/index.html")) == "2026-01-10", "earlier dates stay")
        #expect(Self.updated(Self.page(rendered, "roles/lead/index.html")) == "2026-02-16")
        #expect(Self.updated(Self.page(rendered, "skills/sql/index.html")) == "2026-02-16")
        #expect(Self.updated(Self.page(rendered, "roles/analyst/index.html")) == "2026-02-16", "front matter dates too")
        let feed = Self.page(rendered, "feed.xml")
        #expect(feed.contains("<updated>2026-02-16T00:00:00Z</updated>"))
        #expect(!feed.contains("2026-03-"))
    }

    @Test func withoutGitThereAreOnlyFrontMatterDates() throws {
        let (_, site) = try Self.makeRepository()
        let (rendered, report) = SiteBuilder.render(BuildOptions(root: site, useGit: false))
        #expect(report.succeeded)
        #expect(Self.updated(Self.page(rendered, "roles/lead/index.html")) == nil)
        #expect(Self.updated(Self.page(rendered, "roles/analyst/index.html")) == "2026-03-14")
        // A folder that is no repository: no dates and no error.
        let plain = try OutputSafetyTests.makeSite()
        let (outside, outsideReport) = SiteBuilder.render(BuildOptions(root: plain))
        #expect(outsideReport.diagnostics.isEmpty, "\(outsideReport.diagnostics)")
        #expect(Self.updated(Self.page(outside, "roles/lead/index.html")) == nil)
    }

    @Test func aRepositoryGitCannotReadGivesNoDatesAndNoError() throws {
        let plain = try OutputSafetyTests.makeSite()
        // A `.git` that is not a repository: the top level is found, git fails.
        try Data("gitdir: /nonexistent\n".utf8).write(to: plain.appendingPathComponent(".git"))
        let (rendered, report) = SiteBuilder.render(BuildOptions(root: plain))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(Self.updated(Self.page(rendered, "roles/lead/index.html")) == nil)
        #expect(Self.updated(Self.page(rendered, "roles/analyst/index.html")) == "2026-03-14")
    }

    @Test func buildsWithGitDatesAreByteIdentical() throws {
        let (top, site) = try Self.makeRepository()
        let first = top.appendingPathComponent("First"), second = top.appendingPathComponent("Second")
        for output in [first, second] {
            let report = SiteBuilder.build(BuildOptions(root: site, output: output, sourceDateEpoch: 1_780_000_000))
            #expect(report.succeeded, "\(report.diagnostics)")
        }
        let a = Fixtures.files(in: first), b = Fixtures.files(in: second)
        #expect(!a.isEmpty && a == b)
    }

    @Test func gitLogOutputIsReadOnce() {
        // Two commits, newest first; names are as git writes them with -z, odd ones included.
        let output =
            "\0" + "1772000000\0\nContent/a.md\0Content/odd name\nwith newline.md\0\0"
            + "1771000000\0\nContent/a.md\0Content/b.md\0Other/c.md\0"
        let dates = GitHistory.parse(Data(output.utf8))
        #expect(dates == ["a.md": 1_772_000_000, "odd name\nwith newline.md": 1_772_000_000, "b.md": 1_771_000_000])
    }

    @Test func updatedIsADateAndItsKeyIsCheckedForTypos() throws {
        let root = try OutputSafetyTests.makeSite()
        let page = root.appendingPathComponent("Content/guides/step-2.md")
        try Data("---\ntitle: Step 2\nupdated: last week\nownr: someone\n---\nText.\n".utf8).write(to: page)
        let (_, report) = SiteBuilder.render(BuildOptions(root: root))
        #expect(
            report.diagnostics.map { "\($0.location): \($0.message)" } == [
                "Content/guides/step-2.md:3:10: 'updated' must be a date written YYYY-MM-DD, found the string \"last week\"",
                "Content/guides/step-2.md:4:1: unknown front matter key 'ownr'; did you mean 'owner'?",
            ])
        #expect(report.diagnostics.allSatisfy { $0.hint != nil }, "each says how to fix it")
    }
}

extension Data {
    /// Appends these bytes to a file.
    func append(to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}

/// SOURCE_DATE_EPOCH as the command reads it from its environment.
@Suite struct SourceDateEpochCommandTests {
    @Test func theCommandClampsDatesAndRejectsAValueThatIsNoNumber() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.binary.path), "run `swift build` first")
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let arguments = ["build", "--root", Fixtures.site.path, "--output", output.path, "--quiet"]
        let clamped = try HandbookProcess.start(arguments, environment: ["SOURCE_DATE_EPOCH": "1767225600"]).finish()
        #expect(clamped.status == 0, "\(clamped.stderr)")
        let analyst = try String(contentsOf: output.appendingPathComponent("roles/analyst/index.html"), encoding: .utf8)
        #expect(analyst.contains(#"Last updated <time datetime="2026-01-01">2026-01-01</time>"#))
        for command in [arguments, ["check", "--root", Fixtures.site.path]] {
            let bad = try HandbookProcess.start(command, environment: ["SOURCE_DATE_EPOCH": "yesterday"]).finish()
            #expect(bad.status == 2)
            #expect(
                bad.stderr.hasPrefix("error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, found 'yesterday'\n    hint: ")
            )
        }
    }
}
