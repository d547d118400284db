import Foundation
import HandbookBuild
import Testing

/// A site written into a fresh temporary folder from a dictionary of files, for tests that
/// need a handful of pages rather than a fixture folder.
struct ScratchSite {
    let root: URL

    /// Writes `files` (path under the root, text) and returns the site.
    init(_ files: [String: String], name: String = #function) throws {
        root = try Fixtures.temporaryFolder(name).appendingPathComponent("site")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    var output: URL { root.deletingLastPathComponent().appendingPathComponent("Output") }

    /// Builds into the folder beside the site.
    func build(keepGoing: Bool = false) -> BuildReport {
        SiteBuilder.build(BuildOptions(root: root, output: output))
    }

    /// The built page at a path of the output, as text ("" when missing).
    func page(_ path: String) -> String {
        (try? String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    /// Each diagnostic as one line, without its hint.
    static func lines(_ report: BuildReport) -> [String] {
        report.diagnostics.map { $0.description.split(separator: "\n").first.map(String.init) ?? "" }
    }
}

/// Every diagnostic names its check, and site.yml's `checks:` sets the level of the checks the
/// build can step over.
@Suite struct CheckLevelTests {
    static let brokenPage = """
        ---
        title: Guide
        ---
        See [the plan](plan.md) and [duties](#dutys).

        ## Duties
        """

    @Test func defaultLevelsFailTheBuildOnABrokenClick() throws {
        let site = try ScratchSite(["Content/site.yml": "title: T\n", "Content/guide.md": Self.brokenPage])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/guide.md:4:5: error: link to 'plan.md', but Content/plan.md does not exist [broken-link]",
                "Content/guide.md:4:29: error: link to '#dutys', which guide.md does not have [broken-anchor]",
            ])
        #expect(report.exitCode == 1)
    }

    @Test func siteYMLLowersAndRaisesLevels() throws {
        let site = try ScratchSite([
            "Content/site.yml": "title: T\nchecks:\n  broken-link: warning\n  broken-anchor: ignore\n",
            "Content/guide.md": Self.brokenPage,
        ])
        let report = site.build()
        #expect(
            ScratchSite.lines(report) == [
                "Content/guide.md:4:5: warning: link to 'plan.md', but Content/plan.md does not exist [broken-link]"
            ])
        #expect(report.exitCode == 0)
        #expect(site.page("guide/index.html").contains("<h2 id=\"duties\">"))
    }

    @Test func everyCheckHasAKebabCaseNameAndTheFixedOnesAreErrors() {
        let names = Check.all.map(\.name)
        #expect(Set(names).count == names.count)
        for check in Check.all {
            #expect(check.name.range(of: "^[a-z]+(-[a-z]+)*$", options: .regularExpression) != nil, "\(check.name)")
            if !check.configurable { #expect(check.defaultLevel == .error, "\(check.name)") }
        }
    }

    @Test func environmentAndYAMLProblemsCannotBeDowngraded() throws {
        var diagnostics = Diagnostics()
        diagnostics.append(.error(SourceLocation(file: "Content/a.md", line: 2, column: 1), "invalid YAML", check: .yaml))
        diagnostics.append(.environment(SourceLocation(file: "Content/b.md", line: 1, column: 1), "cannot read the file"))
        diagnostics.setLevels(["yaml": .ignore, "environment": .warning])
        #expect(diagnostics.all.map(\.severity) == [.error, .error])
    }
}
