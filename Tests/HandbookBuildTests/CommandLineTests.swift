import Foundation
import Testing

/// The `handbook` executable run as a process, as a user or CI runs it: the binary built with
/// these tests, never an older one left in another build folder.
@Suite struct CommandLineTests {
    static let binary = Fixtures.handbookBinary

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "no handbook binary at \(Self.binary.path), beside the test bundle; HandbookBuildTests depends on it in Package.swift")
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func buildsTheFixtureAndPrintsOneSummaryLine() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let result = try run(["build", "--root", Fixtures.site.path, "--output", output.path])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("Built 26 pages (") == true, "\(result.stdout)")
        #expect(lines.first?.contains(" s") == true)
    }

    @Test func verbosePrintsEveryStepWithItsTime() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let result = try run(["build", "--root", Fixtures.site.path, "--output", output.path, "--verbose"])
        #expect(result.status == 0)
        for step in ["load", "parse", "markdown", "resolve", "check links", "render", "write"] {
            #expect(result.stdout.contains("  \(step) "), "missing step \(step)")
        }
        #if os(Linux)
            // The binary is linked with mimalloc ahead of the C library.
            #expect(result.stdout.contains("  allocator    mimalloc 2."), "\(result.stdout)")
        #endif
    }

    @Test func malformedFrontMatterExitsOneWithALocatedErrorAndKeepsOutput() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: output.appendingPathComponent("index.html"))
        let root = Fixtures.invalid.appendingPathComponent("malformed-yaml")
        let result = try run(["build", "--root", root.path, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Content/guide.md:5:1: error: invalid YAML"))
        #expect(result.stdout.hasPrefix("Build failed with 1 error"))
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "old")
    }

    /// The page from the "Trustworthy builds" issue, built by the binary: the heading that
    /// starts with inline HTML and everything after it reach the page.
    @Test func aHeadingThatStartsWithInlineHTMLKeepsTheRestOfThePage() throws {
        let root = try Fixtures.temporaryFolder()
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("title: Site\n".utf8).write(to: content.appendingPathComponent("site.yml"))
        let page = """
            ---
            title: T
            ---
            ## <span class="x">How to submit</span>:

            First paragraph.

            ## Second

            More text here.

            """
        try Data(page.utf8).write(to: content.appendingPathComponent("submit.md"))
        let output = root.appendingPathComponent("Output")
        let result = try run(["build", "--root", root.path, "--output", output.path])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let html = try String(contentsOf: output.appendingPathComponent("submit/index.html"), encoding: .utf8)
        let body = """
            <h2 id="how-to-submit"><span class="x">How to submit</span>:<a class="anchor" href="#how-to-submit" \
            aria-label="Link to this section"></a></h2>
            <p>First paragraph.</p>
            <h2 id="second">Second<a class="anchor" href="#second" aria-label="Link to this section"></a></h2>
            <p>More text here.</p>
            """
        #expect(html.contains(body), "\(html)")
    }
}
