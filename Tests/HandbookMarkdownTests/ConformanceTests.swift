import Foundation
import HandbookMarkdown
import Testing

/// One example of the cmark-gfm test data in the shared folder's spec/.
struct SpecExample: Decodable, Sendable, CustomStringConvertible {
    let markdown: String
    let html: String
    let example: Int
    let section: String
    let extensions: [String]?
    var file = ""

    enum CodingKeys: String, CodingKey { case markdown, html, example, section, extensions }
    var description: String { "\(file) example \(example) (\(section))" }
}

/// Where the cmark-gfm examples are: `$HANDBOOK_SHARED/spec`, or else `../shared/spec` beside
/// the repository. They are not part of the repository, so a fresh clone has neither.
enum SpecFolder {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Set when HANDBOOK_SHARED names the shared folder: then a missing spec is a failure.
    static let configured: String? = ProcessInfo.processInfo.environment["HANDBOOK_SHARED"].flatMap { $0.isEmpty ? nil : $0 }

    static let url: URL =
        configured.map { URL(fileURLWithPath: $0).appendingPathComponent("spec") }
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared/spec")

    /// Whether the suite runs; says so in one line when it does not, so a skipped run is never
    /// mistaken for a checked one.
    static let runs: Bool = {
        if configured != nil || FileManager.default.fileExists(atPath: url.appendingPathComponent("spec.json").path) {
            return true
        }
        print(
            "conformance: \(url.standardizedFileURL.path) not found; skipping the 742 cmark-gfm spec examples "
                + "(set HANDBOOK_SHARED to the shared folder to run them)")
        return false
    }()
}

func loadExamples(_ name: String) throws -> [SpecExample] {
    let file = SpecFolder.url.appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: file.path) else {
        throw SpecFolderMissing(file: file.path)
    }
    return try JSONDecoder().decode([SpecExample].self, from: data).map {
        var example = $0
        example.file = name
        return example
    }
}

/// HANDBOOK_SHARED was set, so the examples were expected.
struct SpecFolderMissing: Error, CustomStringConvertible {
    let file: String
    var description: String { "\(file) not found; HANDBOOK_SHARED should name the shared folder that holds spec/" }
}

/// Whitespace between and inside tags does not matter to a browser, and the reference
/// runner ignores it too.
func normalize(_ html: String) -> String {
    var text = html.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    text = text.replacingOccurrences(of: "> <", with: "><")
    text = text.replacingOccurrences(of: " />", with: ">").replacingOccurrences(of: "/>", with: ">")
    return text.trimmingCharacters(in: .whitespaces)
}

/// The only differences the project adds on purpose: heading ids and permalink anchors.
func removeHeadingAnchors(_ html: String) -> String {
    html.replacingOccurrences(of: "<h([1-6]) id=\"[^\"]*\">", with: "<h$1>", options: .regularExpression)
        .replacingOccurrences(
            of: "<a class=\"anchor\" href=\"#[^\"]*\" aria-label=\"Link to this section\"></a></h([1-6])>",
            with: "</h$1>", options: .regularExpression)
}

@Suite(.enabled(if: SpecFolder.runs)) struct ConformanceTests {
    /// Renders every example with the project's page renderer (anchors and alerts on, raw HTML
    /// trusted as cmark-gfm's tests expect) and the extensions the example names, and compares
    /// with cmark-gfm's expected HTML.
    @Test func everySpecExamplePasses() throws {
        var total = 0
        var failures: [String] = []
        for file in ["spec.json", "extensions.json", "regression.json", "smart_punct.json"] {
            for example in try loadExamples(file) {
                total += 1
                // extensions.txt is run upstream with every extension and footnotes; its examples
                // list none, so they get all of them. Other files name what they need.
                var names = example.extensions ?? []
                if file == "extensions.json", names.isEmpty {
                    names = MarkdownExtension.allCases.map(\.rawValue) + ["footnotes"]
                }
                let extensions = Set(names.compactMap(MarkdownExtension.init(rawValue:)))
                let options = MarkdownOptions(
                    extensions: extensions, footnotes: names.contains("footnotes"),
                    smartPunctuation: file == "smart_punct.json", headingAnchors: true, alerts: true,
                    extractsLeadingTitle: false, rawHTML: .trusted)
                let rendered = MarkdownRenderer(options: options).render(example.markdown)
                let got = normalize(removeHeadingAnchors(rendered.html))
                let expected = normalize(example.html)
                // Upstream marks crash-only regressions <IGNORE>: rendering without crashing passes.
                if got != expected, example.html.trimmingCharacters(in: .whitespacesAndNewlines) != "<IGNORE>" {
                    failures.append(
                        "\(example)\n  markdown: \(example.markdown.debugDescription)\n  expected: \(expected)\n  got:      \(got)")
                }
            }
        }
        print("spec conformance: \(total - failures.count) of \(total) cmark-gfm examples pass")
        #expect(total >= 742, "the spec folder should hold 742 examples")
        #expect(failures.isEmpty, "\(failures.count) examples differ:\n\(failures.prefix(10).joined(separator: "\n"))")
    }
}
