import Foundation
import Testing

/// `handbook new`: a new site and new entries that build with no diagnostics.
@Suite struct NewCommandTests {
    func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-new-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aNewSiteBuildsWithNoDiagnostics() async throws {
        let site = try temporaryFolder().appendingPathComponent("team-notes")
        let created = try await ServeFixtures.run(["new", "site", site.path])
        #expect(created.status == 0, "\(created.stderr)")
        for path in ["site.yml", "_index.md", "guides/getting-started.md"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Content/" + path).path), "\(path)")
        }
        let config = try String(contentsOf: site.appendingPathComponent("Content/site.yml"), encoding: .utf8)
        #expect(config.contains("title: \"Team notes\""))
        #expect(config.contains("collections:\n  guides:"))

        let build = try await ServeFixtures.run(["build", "--root", site.path])
        #expect(build.status == 0)
        #expect(build.stderr.isEmpty, "no diagnostics: \(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("Output/guides/getting-started/index.html").path))

        // An entry of the new site's collection builds clean too.
        let entry = try await ServeFixtures.run(["new", "guides", "Writing good guides", "--root", site.path])
        #expect(entry.status == 0, "\(entry.stderr)")
        let check = try await ServeFixtures.run(["check", "--root", site.path, "--strict"])
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check.stderr)")

        let again = try await ServeFixtures.run(["new", "site", site.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func aNewEntryHasEveryRequiredFieldWithItsHelpAndBuildsClean() async throws {
        let root = try temporaryFolder().appendingPathComponent("site")
        try FileManager.default.copyItem(at: ServeFixtures.site, to: root)
        let config = root.appendingPathComponent("Content/site.yml")
        var yaml = try String(contentsOf: config, encoding: .utf8)
        // A required field with help, and one of every other kind that needs a value.
        yaml = yaml.replacingOccurrences(
            of: "      short: { type: string, required: true, label: Short name }",
            with: """
                      short: { type: string, required: true, label: Short name, help: "Two or three letters, e.g. PM." }
                      since: { type: date, required: true }
                      mentor: { type: reference, to: roles, required: true }
                      remote: { type: bool, required: true }
                      team:
                        type: object
                        required: true
                        fields:
                          size: { type: integer, required: true }
                          name: { type: string }
                """)
        try Data(yaml.utf8).write(to: config)
        for name in ["analyst", "director", "intern", "lead", "specialist"] {
            let file = root.appendingPathComponent("Content/roles/\(name).md")
            let text = try String(contentsOf: file, encoding: .utf8)
            let filled = text.replacingOccurrences(
                of: "\n---\n", with: "\nsince: 2024-01-01\nmentor: lead\nremote: true\nteam: { size: 3 }\n---\n", options: [],
                range: text.index(after: text.startIndex)..<text.endIndex)
            try Data(filled.utf8).write(to: file)
        }
        let before = try await ServeFixtures.run(["check", "--root", root.path])
        try #require(before.status == 0, "the edited fixture must build: \(before.stderr)")

        for (collection, title, file) in [
            ("roles", "Café Owner: Ünïcode & stuff!", "roles/cafe-owner-unicode-stuff.md"),
            ("skills", "  Road-mapping  ", "skills/road-mapping.md"),
            ("paths", "Path #2", "paths/path-2.md"),
        ] {
            let result = try await ServeFixtures.run(["new", collection, title, "--root", root.path])
            #expect(result.status == 0, "\(result.stderr)")
            let page = root.appendingPathComponent("Content/" + file)
            #expect(result.stdout == "Created \(page.path)\n")
            #expect(FileManager.default.fileExists(atPath: page.path), "\(file)")
        }
        let role = try String(contentsOf: root.appendingPathComponent("Content/roles/cafe-owner-unicode-stuff.md"), encoding: .utf8)
        #expect(role.hasPrefix("---\ntitle: \"Café Owner: Ünïcode & stuff!\"\n"))
        #expect(role.contains("# Two or three letters, e.g. PM.\nshort: \"\"\n"), "\(role)")
        #expect(role.contains("# Focus: Markdown text.\nfocus: \"\"\n"))
        #expect(role.contains("\nsince: 20"))
        #expect(role.contains("\nmentor: "))
        #expect(role.contains("\nremote: false\n"))
        #expect(role.contains("\nteam:\n  # Size: a whole number.\n  size: 0\n"))
        #expect(!role.contains("level:") && !role.contains("pay:"), "fields with a default or not required are left out")
        let skill = try String(contentsOf: root.appendingPathComponent("Content/skills/road-mapping.md"), encoding: .utf8)
        #expect(skill.contains("# Kind: one of technical, people.\nkind: technical\n"))

        let check = try await ServeFixtures.run(["check", "--root", root.path, "--strict"])
        #expect(check.status == 0, "new entries build clean: \(check.stderr)")

        let again = try await ServeFixtures.run(["new", "skills", "Road mapping", "--root", root.path])
        #expect(again.status == 2, "never overwrites")
        #expect(again.stderr.contains("already exists"))
        let unknown = try await ServeFixtures.run(["new", "teams", "X", "--root", root.path])
        #expect(unknown.status == 2 && unknown.stderr.contains("collections: roles, skills, paths"))
        let nowhere = try await ServeFixtures.run(["new", "roles", "X", "--root", try temporaryFolder().path])
        #expect(nowhere.status == 2 && nowhere.stderr.contains("no Content/site.yml"))
        let symbols = try await ServeFixtures.run(["new", "roles", "!!!", "--root", root.path])
        #expect(symbols.status == 2)
    }
}
