import Dispatch
import Foundation
import HandbookMarkdown
import Synchronization
import Testing

/// The project's renderer against Debian's `cmark-gfm` program (package `cmark-gfm`, the same
/// library version the renderer links), on every Markdown file of the repository and on
/// thousands of generated pages: with the project's additions switched off, the HTML must be
/// byte for byte what cmark-gfm writes. Needs nothing outside the repository but the program,
/// which `scripts/install-deps.sh` installs.
@Suite struct CmarkProgramTests {
    /// The renderer's options for the comparison, in one place: every GFM extension and
    /// footnotes, smart punctuation off, and none of the project's additions (heading ids and
    /// permalinks, alerts, leading title). Raw HTML is trusted (the sanitiser off), as the
    /// program's `--unsafe` passes it through: this compares cmark-gfm, not a policy on top of
    /// it; the sanitiser has tests of its own.
    static let options = MarkdownOptions(
        extensions: Set(MarkdownExtension.allCases), footnotes: true, smartPunctuation: false,
        headingAnchors: false, alerts: false, extractsLeadingTitle: false, rawHTML: .trusted)

    /// The same settings for the program. Extensions are attached in the renderer's order.
    static let arguments =
        ["--unsafe", "-e", "footnotes"]
        + MarkdownExtension.allCases.filter { options.extensions.contains($0) }.flatMap { ["-e", $0.rawValue] }

    /// The library version the renderer is built against (Debian's libcmark-gfm-dev).
    static let version = "0.29.0.gfm.6"

    static let generatedPages = 2000

    /// `cmark-gfm` on the PATH.
    static func program() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("cmark-gfm") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the program on one file; its standard output, or why it failed.
    static func run(_ program: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProgramFailed(arguments: arguments, status: process.terminationStatus)
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct ProgramFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        var description: String { "cmark-gfm \(arguments.joined(separator: " ")) exited with \(status)" }
    }

    /// Every Markdown file under Tests/Fixtures and Content/, its front matter cut off.
    static func repositoryFiles() -> [(name: String, markdown: String)] {
        var result: [(name: String, markdown: String)] = []
        for folder in ["Tests/Fixtures", "Content"] {
            let base = SpecFolder.repository.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let name = walker.nextObject() as? String {
                guard name.hasSuffix(".md"), let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path)
                else { continue }
                result.append(("\(folder)/\(name)", stripFrontMatter(String(decoding: data, as: UTF8.self))))
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The body after a `---` ... `---` block at the top; the text itself when it has none or
    /// never closes it (some invalid fixtures do that on purpose).
    static func stripFrontMatter(_ text: String) -> String {
        guard text.hasPrefix("---\n") else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        while let line = lines.first {
            lines = lines.dropFirst()
            if line == "---" { return lines.joined(separator: "\n") }
        }
        return text
    }

    @Test func rendersWhatTheCmarkGFMProgramRenders() throws {
        let program = try #require(
            Self.program(),
            "the cmark-gfm program is not on the PATH; run `sh scripts/install-deps.sh` (it installs Debian's cmark-gfm)")
        let version = try Self.run(program, ["--version"])
        try #require(version.contains("cmark-gfm \(Self.version) "), "expected cmark-gfm \(Self.version), found \(version)")

        let files = Self.repositoryFiles()
        #expect(files.count >= 150, "Tests/Fixtures and Content/ should hold at least 150 Markdown files")
        // Half the pages are the word-counting kind, half hold what hides text on purpose.
        let inputs =
            files
            + (0..<Self.generatedPages).map { seed in
                var generator = MarkdownGenerator(seed: UInt64(seed), exotic: seed % 2 == 1)
                return ("generated page, seed \(seed)\(seed % 2 == 1 ? ", exotic" : "")", generator.page().markdown)
            }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-cmark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = MarkdownRenderer(options: Self.options)
        var withAnchors = Self.options
        withAnchors.headingAnchors = true
        let anchored = MarkdownRenderer(options: withAnchors)

        let differences = Mutex<[String]>([])
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            let (name, markdown) = inputs[index]
            let file = folder.appendingPathComponent("\(index).md")
            do {
                try Data(markdown.utf8).write(to: file)
                let expected = Self.withoutScriptURLs(try Self.run(program, Self.arguments + [file.path]))
                var found: [String] = []
                let got = plain.render(markdown).html
                if got != expected { found.append(Self.describe(name, markdown, expected, got, "")) }
                // Heading anchors rewrite the tree; apart from the ids and permalinks they add,
                // everything else must stay byte for byte.
                let gotAnchored = removeHeadingAnchors(anchored.render(markdown).html)
                if gotAnchored != expected {
                    found.append(Self.describe(name, markdown, expected, gotAnchored, " with heading anchors (ids and permalinks removed)"))
                }
                if !found.isEmpty { differences.withLock { $0 += found } }
            } catch {
                errors.withLock { $0.append("\(name): \(error)") }
            }
        }
        let failed = differences.withLock { $0 }
        let broken = errors.withLock { $0 }
        print(
            "cmark-gfm program: \(inputs.count) inputs (\(files.count) repository files, \(Self.generatedPages) generated pages), "
                + "\(failed.count) differences")
        #expect(broken.isEmpty, "\(broken.count) runs of cmark-gfm failed: \(broken.prefix(3))")
        #expect(failed.isEmpty, "\(failed.count) renders differ from cmark-gfm's:\n\(failed.prefix(3).joined(separator: "\n"))")
    }

    /// The one deliberate difference left with raw HTML trusted: a Markdown link or image
    /// whose destination is a script URL keeps its text but loses the URL (`href="#"`,
    /// `src=""`), even in trusted mode. Only those attributes are rewritten.
    static func withoutScriptURLs(_ html: String) -> String {
        html.replacingOccurrences(
            of: #"href="(?i:javascript|vbscript):[^"]*""#, with: ##"href="#""##, options: .regularExpression
        ).replacingOccurrences(of: #"src="(?i:javascript|vbscript):[^"]*""#, with: #"src="""#, options: .regularExpression)
    }

    static func describe(_ name: String, _ markdown: String, _ expected: String, _ got: String, _ how: String) -> String {
        let common = zip(expected, got).prefix { $0 == $1 }.count
        let from = max(0, common - 80)
        return """
            \(name)\(how): differs at character \(common)
              cmark-gfm: \(String(expected.dropFirst(from).prefix(240)).debugDescription)
              renderer:  \(String(got.dropFirst(from).prefix(240)).debugDescription)
              markdown:  \(String(markdown.prefix(2000)).debugDescription)
            """
    }
}
