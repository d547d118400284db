import Foundation
import Testing

/// The exit code table, for every command: 0 clean, 1 problems in the content, 2 the command
/// could not run; and `handbook check`'s three output formats.
@Suite struct ExitCodeTests {
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try HandbookProcess.start(arguments).finish()
        return (result.status, result.stdout, result.stderr)
    }

    static let brokenLinks = Fixtures.invalid.appendingPathComponent("broken-links").path

    @Test(arguments: ["build", "check"])
    func exitCodesFollowTheTable(_ command: String) throws {
        let scratch = try Fixtures.temporaryFolder(command)
        func output() -> [String] { command == "build" ? ["--output", scratch.appendingPathComponent("Output").path] : [] }
        let clean = try run([command, "--root", Fixtures.site.path] + output())
        #expect(clean.status == 0, "\(clean.stderr)")
        let content = try run([command, "--root", Self.brokenLinks] + output())
        #expect(content.status == 1)
        let missing = try run([command, "--root", scratch.path] + output())
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("Content:1:1: error: there is no Content/ folder in "))
        let badFlag = try run([command, "--no-such-flag"])
        #expect(badFlag.status == 2)
        #expect(badFlag.stderr.contains("Unknown option '--no-such-flag'"))
        let help = try run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: handbook \(command)"))
    }

    @Test func unknownCommandsAreUsageErrorsAndTheVersionIsPrinted() throws {
        let unknown = try run(["nonsense"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unexpected argument 'nonsense'"))
        let version = try run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.stdout)")
        let checkHelp = try run(["check", "--help"])
        #expect(checkHelp.stdout.contains("--format <format>"), "check has its own help, not build's")
    }

    @Test func checkWritesNothing() throws {
        let root = try OutputSafetyTests.makeSite()
        let result = try run(["check", "--root", root.path])
        #expect(result.status == 0)
        #expect(result.stdout == "" && result.stderr == "")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["Content"])
    }

    @Test func checkPrintsTextLikeBuild() throws {
        let check = try run(["check", "--root", Self.brokenLinks])
        let build = try run([
            "build", "--root", Self.brokenLinks, "--output", try Fixtures.temporaryFolder().appendingPathComponent("O").path,
        ])
        #expect(check.stderr == build.stderr)
        #expect(
            check.stderr.hasPrefix("Content/guide.md:5:5: error: link to '#dutys', which roles/analyst.md does not have [broken-anchor]\n"))
        #expect(check.stdout == "")
    }

    @Test func checkPrintsGitHubWorkflowCommands() throws {
        let result = try run(["check", "--root", Self.brokenLinks, "--format", "github"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(
            lines.first
                == "::error file=Content/guide.md,line=5,col=5,title=broken-anchor::link to '#dutys', which roles/analyst.md does not have"
                + "%0Ahint: did you mean 'duties'? known anchors: duties")
        #expect(lines.allSatisfy { $0.hasPrefix("::error file=Content/guide.md,line=") })
    }

    @Test func checkPrintsJSON() throws {
        let result = try run(["check", "--root", Self.brokenLinks, "--format", "json"])
        #expect(result.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let list = try #require(parsed)
        #expect(list.count == 5)
        let first = try #require(list.first)
        #expect(first["file"] as? String == "Content/guide.md")
        #expect(first["line"] as? Int == 5)
        #expect(first["column"] as? Int == 5)
        #expect(first["severity"] as? String == "error")
        #expect(first["check"] as? String == "broken-anchor")
        #expect(first["message"] as? String == "link to '#dutys', which roles/analyst.md does not have")
        #expect(first["hint"] as? String == "did you mean 'duties'? known anchors: duties")
        #expect(Set(first.keys) == ["file", "line", "column", "severity", "check", "message", "hint"])
        let clean = try run(["check", "--root", Fixtures.site.path, "--format", "json"])
        #expect(clean.stdout == "[]\n")
    }

    @Test func checkPrintsAGitLabCodeQualityReport() throws {
        let result = try run(["check", "--root", Self.brokenLinks, "--format", "gitlab"])
        #expect(result.status == 1)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 5)
        let first = try #require(list.first)
        #expect(first["severity"] as? String == "major")
        #expect((first["description"] as? String)?.hasPrefix("link to '#dutys', which roles/analyst.md does not have (") == true)
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["path"] as? String == "Content/guide.md")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 5)
        let fingerprints = list.compactMap { $0["fingerprint"] as? String }
        #expect(Set(fingerprints).count == 5, "each problem has its own fingerprint")
        let again = try run(["check", "--root", Self.brokenLinks, "--format", "gitlab"])
        #expect(again.stdout == result.stdout, "fingerprints are stable across runs")
    }

    @Test func theShippedHandbookChecksClean() throws {
        let result = try run(["check", "--root", Fixtures.repository.path, "--strict"])
        #expect(result.status == 0)
        #expect(result.stdout == "" && result.stderr == "", "\(result.stderr)")
    }

    /// On a terminal a long build shows where it is on one line, cleared before the summary;
    /// through a pipe (CI) there is nothing but the summary.
    @Test func progressShowsOnATerminalOnly() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("skipped: no /usr/bin/script (util-linux) to give the build a terminal")
            return
        }
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let command = "'\(Fixtures.handbookBinary.path)' build --root '\(Fixtures.site.path)' --output '\(output.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(["HANDBOOK_PROGRESS_AFTER_MS": "0"]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // The first step's name at least (later ones are printed at most ten times a second).
        #expect(text.contains("\r\u{1B}[2K  stamps"), "\(text.debugDescription)")
        #expect(text.contains("\r\u{1B}[2KBuilt 26 pages"), "the line is cleared before the summary: \(text.debugDescription)")
        let piped = try run(["build", "--root", Fixtures.site.path, "--output", output.path])
        #expect(!piped.stderr.contains("\r") && !piped.stdout.contains("\r"))
    }
}
