import Foundation
import Testing

@testable import HandbookBuild

/// CODEOWNERS as GitHub reads it: gitignore-style patterns, the last matching line wins.
@Suite struct CodeOwnersTests {
    static let file = """
        # Everything, unless a later line says otherwise.
        *                       @org/editors
        *.svg                   @org/design
        # Anchored folder: only Content/roles at the root.
        /Content/roles/         @org/roles @ana
        # No slash but the trailing one: a folder named guides at any depth.
        guides/                 @org/guides
        # `**` crosses folders.
        Content/**/deep/*.md    @org/deep
        **/skills               @org/skills
        # A folder's own files only (GitHub's `docs/*` rule).
        Content/paths/*         @org/paths
        # A name at any depth.
        tpm.md                  @org/tpm
        # ? is one character.
        Content/roles/le?d.md   @org/lead
        # A matching line without owners leaves the path unowned.
        Content/roles/director.md
        \\#notes.md             @org/hash
        /roles/                 @org/never   # anchored at the root, where there is no roles/
        """

    static let cases: [(String, [String]?)] = [
        ("Content/_index.md", ["@org/editors"]),
        ("Content/chart.svg", ["@org/design"]),
        ("Content/roles/analyst.md", ["@org/roles", "@ana"]),
        ("Content/roles/tpm.md", ["@org/tpm"]),
        ("Content/roles/lead.md", ["@org/lead"]),
        ("Content/roles/director.md", []),
        ("Content/guides/step-1.md", ["@org/guides"]),
        ("Content/guides/deep/nested.md", ["@org/deep"]),
        ("Content/deep/nested.md", ["@org/deep"]),
        ("Content/skills/sql.md", ["@org/skills"]),
        ("Content/more/skills/sql.md", ["@org/skills"]),
        ("Content/paths/growth.md", ["@org/paths"]),
        ("Content/paths/old/growth.md", ["@org/editors"]),
        ("Content/#notes.md", ["@org/hash"]),
    ]

    @Test(arguments: cases)
    func lastMatchingLineWins(_ path: String, _ owners: [String]?) {
        let (codeOwners, problems) = CodeOwners.parse(Self.file, file: "CODEOWNERS")
        #expect(problems.isEmpty)
        #expect(codeOwners.owners(of: path) == owners, "\(path)")
    }

    @Test func pathsNoLineMatchesHaveNoOwner() {
        let (codeOwners, _) = CodeOwners.parse("/docs/ @org/docs\nContent/roles/*.md @org/roles\n", file: "CODEOWNERS")
        #expect(codeOwners.owners(of: "Content/index.md") == nil)
        #expect(codeOwners.owners(of: "docs/Content/index.md") == ["@org/docs"])
        #expect(codeOwners.owners(of: "Content/roles/pm.md") == ["@org/roles"])
        #expect(codeOwners.owners(of: "Content/roles/old/pm.md") == nil, "`*` stays within one folder")
    }

    @Test func syntaxGitHubRejectsIsReportedAtItsLine() {
        let (codeOwners, problems) = CodeOwners.parse("* @a\n!Content/x.md @b\nContent/[ab].md @c\n", file: ".github/CODEOWNERS")
        #expect(
            problems.map { "\($0.location): \($0.severity)" } == [".github/CODEOWNERS:2:1: warning", ".github/CODEOWNERS:3:1: warning"])
        #expect(problems.allSatisfy { $0.hint != nil })
        #expect(codeOwners.owners(of: "Content/x.md") == ["@a"])
    }

    @Test func aBuildReadsTheFirstFileGitHubWouldAndShowsOwners() throws {
        let root = try OutputSafetyTests.makeSite()
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".github"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("Content/roles/ @org/from-github-folder\n".utf8).write(to: root.appendingPathComponent(".github/CODEOWNERS"))
        try Data("Content/roles/ @org/from-root\n".utf8).write(to: root.appendingPathComponent("CODEOWNERS"))
        try Data("Content/roles/ @org/from-docs\n".utf8).write(to: root.appendingPathComponent("docs/CODEOWNERS"))
        func page(_ path: String) throws -> String {
            let (site, report) = SiteBuilder.render(BuildOptions(root: root))
            #expect(report.succeeded, "\(report.diagnostics)")
            return String(decoding: try #require(site?.files.first { $0.path == path }).data, as: UTF8.self)
        }
        #expect(try page("roles/lead/index.html").contains(#"<p class="page-owner">Owner: @org/from-github-folder</p>"#))
        try FileManager.default.removeItem(at: root.appendingPathComponent(".github/CODEOWNERS"))
        #expect(try page("roles/lead/index.html").contains(#"<p class="page-owner">Owner: @org/from-root</p>"#))
        try FileManager.default.removeItem(at: root.appendingPathComponent("CODEOWNERS"))
        #expect(try page("roles/lead/index.html").contains(#"<p class="page-owner">Owner: @org/from-docs</p>"#))
        // `owner:` in the front matter comes first.
        #expect(try page("roles/analyst/index.html").contains(#"<p class="page-owner">Owner: Ana Lyst</p>"#))
        #expect(try !page("skills/sql/index.html").contains("page-owner"))
    }
}
