import HandbookModel
import Testing

@Suite struct ModelTests {
    func page(_ path: String, _ yaml: String) throws -> ParsedPage {
        var problems: [Diagnostic] = []
        let node = try YAMLNode.parse(yaml, file: "Content/\(path)", firstLine: 2)
        let frontMatter = FrontMatter.decode(node, file: "Content/\(path)", diagnostics: &problems)
        #expect(problems.isEmpty, "\(problems)")
        return ParsedPage(id: PageID(path), file: "Content/\(path)", frontMatter: frontMatter, body: "", bodyLineOffset: 0)
    }

    let config = """
        title: T
        page_fields:
          sources: { type: references, to: skills }
        collections:
          roles: { folder: roles, fields: { skills: { type: references, to: skills, label: Skills needed } } }
          skills: { folder: skills, fields: {} }
        """

    @Test func referencesResolveBothWays() throws {
        let (config, problems) = SiteConfig.parse(config, file: "Content/site.yml")
        #expect(problems.isEmpty, "\(problems)")
        let pages = [
            try page("roles/pm.md", "title: PM\nskills: [sql, talk]"),
            try page("roles/tpm.md", "title: TPM\nskills: [sql]"),
            try page("guide.md", "title: Guide\nsources: [talk]"),
            try page("skills/sql.md", "title: SQL"),
            try page("skills/talk.md", "title: Talk"),
        ]
        let (site, diagnostics) = SiteResolver(config: config, configFile: "Content/site.yml").resolve(pages, bodyTitles: [:])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let sql = site.backlinks[EntryRef(collection: "skills", id: "sql")] ?? []
        #expect(sql.map(\.source.path) == ["roles/pm.md", "roles/tpm.md"])
        #expect(sql.first?.field == "Skills needed")
        let talk = site.backlinks[EntryRef(collection: "skills", id: "talk")] ?? []
        #expect(Set(talk.map(\.source.path)) == ["roles/pm.md", "guide.md"])
    }

    @Test func frontMatterLinesAreTheFilesLines() throws {
        let text = "---\ntitle: A\nweight: x\n---\n\nBody\n"
        let source = try SourceText.split(text, file: "Content/a.md")
        #expect(source.bodyLineOffset == 4)
        var problems: [Diagnostic] = []
        let node = try YAMLNode.parse(source.frontMatter!, file: "Content/a.md", firstLine: source.frontMatterLine)
        _ = FrontMatter.decode(node, file: "Content/a.md", diagnostics: &problems)
        #expect(problems.map(\.location.description) == ["Content/a.md:3:9"])
    }

    @Test func naturalOrder() {
        let titles = ["Step 10", "step 2", "Step 9", "Step 1"].sorted(by: naturallyPrecedes)
        #expect(titles == ["Step 1", "step 2", "Step 9", "Step 10"])
    }

    @Test func urlsAreRelativeWithIndexFiles() {
        #expect(pageURL(for: PageID("roles/tpm.md")) == "roles/tpm/")
        #expect(pageURL(for: PageID("roles/_index.md")) == "roles/")
        #expect(pageURL(for: PageID("_index.md")) == "")
        #expect(relativeURL(from: "roles/tpm/", to: "skills/sql/") == "../../skills/sql/index.html")
        #expect(relativeURL(from: "", to: "") == "index.html")
    }

    @Test func suggestionsFindTheClosestName() {
        #expect(Suggestions.closest(to: "sqll", in: ["sql", "talk"]) == "sql")
        #expect(Suggestions.closest(to: "zzzz", in: ["sql", "talk"]) == nil)
    }
}
