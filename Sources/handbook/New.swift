import ArgumentParser
import Foundation
import HandbookBuild

/// `handbook new`: a new site, or a new entry of a collection with every required field.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a site (`new site DIR`) or an entry of a collection (`new COLLECTION \"Title\"`).",
        discussion: """
            `handbook new site DIR` writes DIR/Content/ with a site.yml that declares one collection, a home page \
            and one entry. `handbook new COLLECTION "Title"`, run in a site (or with --root), writes \
            Content/FOLDER/SLUG.md with every required field of the collection's schema, each explained in a \
            comment. Neither ever overwrites a file.
            """)

    @Argument(help: "`site`, or the name of a collection declared in Content/site.yml.")
    var kind: String

    @Argument(help: "The folder of the new site, or the title of the new entry.")
    var name: String

    @Option(help: "The site the entry goes into (default: the current folder).")
    var root: String = "."

    func run() throws {
        do {
            let written: [URL]
            if kind == "site" {
                written = try NewSite.write(into: URL(fileURLWithPath: name).standardizedFileURL)
            } else {
                written = [try NewEntry.write(title: name, collection: kind, root: URL(fileURLWithPath: root).standardizedFileURL)]
            }
            for url in written { print("Created \(url.path)") }
        } catch let error as NewError {
            FileHandle.standardError.write(Data("error: \(error.message)\n    hint: \(error.hint)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// Why `new` wrote nothing, and what to do.
struct NewError: Error {
    var message: String
    var hint: String
}

/// Writes `text` to a file that must not exist yet, creating its folder.
private func create(_ url: URL, _ text: String) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    guard !FileManager.default.fileExists(atPath: url.path) else {
        throw NewError(message: "\(url.path) already exists", hint: "handbook new never overwrites a file: pick another name")
    }
    do {
        try Data(text.utf8).write(to: url, options: .withoutOverwriting)
    } catch {
        throw NewError(message: "cannot write \(url.path): \(error.localizedDescription)", hint: "check the folder's permissions")
    }
}

/// The smallest site that shows the parts: site.yml with a collection, a home page, an entry.
enum NewSite {
    static func write(into folder: URL) throws -> [URL] {
        let content = folder.appendingPathComponent("Content")
        guard !FileManager.default.fileExists(atPath: content.path) else {
            throw NewError(
                message: "\(content.path) already exists",
                hint: "pick an empty folder, or add entries to this site with `handbook new COLLECTION \"Title\"`")
        }
        let title = FieldSpec.label(for: folder.lastPathComponent)
        let files = [
            ("site.yml", siteYAML.replacingOccurrences(of: "TITLE", with: NewEntry.quoted(title))),
            ("_index.md", home.replacingOccurrences(of: "TITLE", with: NewEntry.quoted(title))),
            ("guides/_index.md", guides),
            ("guides/getting-started.md", entry),
        ]
        return try files.map { path, text in
            let url = content.appendingPathComponent(path)
            try create(url, text)
            return url
        }
    }

    static let siteYAML = """
        title: TITLE
        description: What this handbook is for, in one sentence.
        # A collection is a folder of pages whose front matter is checked against these fields.
        collections:
          guides:
            folder: guides
            title: Guides
            fields:
              audience:
                type: string
                required: true
                help: Who the guide is written for, e.g. "new team members".
              level:
                type: enum
                values: [beginner, advanced]
                default: beginner
                help: How much the reader should already know.

        """

    static let home = """
        ---
        title: TITLE
        summary: Start here.
        ---

        Every page is a Markdown file under `Content/`, and every folder is a section.
        Start with [Getting started](guides/getting-started.md).

        - `handbook serve` previews the site and reloads it as you save.
        - `handbook new guides "A title"` adds a guide with every field it needs.
        - `handbook build` writes the site into `Output/`.

        """

    static let guides = """
        ---
        title: Guides
        ---

        Each guide is an entry of the `guides` collection declared in `Content/site.yml`.

        """

    static let entry = """
        ---
        title: Getting started
        summary: How this handbook is organised.
        # Who the guide is written for, e.g. "new team members".
        audience: everyone
        ---

        Write in Markdown. Link to other pages by their files, like the [home page](../_index.md):
        the build checks every link and every field.

        """
}

/// A new entry of a collection: the title, and every required field of its schema with a
/// value that passes the schema and its help (or type) as a comment.
enum NewEntry {
    static func write(title: String, collection name: String, root: URL) throws -> URL {
        let content = root.appendingPathComponent("Content")
        let configURL = content.appendingPathComponent("site.yml")
        guard let text = try? String(contentsOf: configURL, encoding: .utf8) else {
            throw NewError(
                message: "no Content/site.yml in \(root.path)",
                hint: "run this in a site, or name it with --root; `handbook new site DIR` starts one")
        }
        let (config, _) = SiteConfig.parse(text, file: "Content/site.yml")
        guard let collection = config.collection(named: name) else {
            let known = config.collections.map(\.name)
            throw NewError(
                message: "Content/site.yml declares no collection '\(name)'",
                hint: known.isEmpty ? "declare one under `collections:`" : "collections: \(known.joined(separator: ", "))")
        }
        let slug = slug(title)
        guard !slug.isEmpty else {
            throw NewError(message: "the title '\(title)' has no letter or digit to name the file", hint: "use a title with words")
        }
        let folder = content.appendingPathComponent(collection.folder)
        let url = folder.appendingPathComponent(slug + ".md")
        let entries = { (target: String) -> String? in
            if target == collection.name { return slug }
            guard let spec = config.collection(named: target) else { return nil }
            let listing = (try? FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent(spec.folder).path)) ?? []
            return listing.filter { $0.hasSuffix(".md") && !$0.hasPrefix("_") && !$0.hasPrefix(".") && $0 != "index.md" }
                .sorted().first.map { String($0.dropLast(3)) }
        }
        var lines = ["---", "title: \(quoted(title))"]
        for field in collection.fields where field.required && field.defaultValue == nil {
            lines += yaml(field, indent: "", entries: entries)
        }
        lines += ["---", "", "Write about \(title) here.", ""]
        try create(url, lines.joined(separator: "\n"))
        return url
    }

    /// The file name for a title: lowercase ASCII letters and digits, runs of anything else as
    /// one `-`, none at either end; accents are dropped first (`Café` is `cafe`).
    static func slug(_ title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var result = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                result += String(scalar).lowercased()
            } else if !result.isEmpty, !result.hasSuffix("-") {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// A YAML double-quoted string.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 { result += String(format: "\\x%02X", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }

    /// What a type accepts, for a field without `help`.
    private static func describe(_ type: FieldType) -> String {
        switch type {
        case .string: "one line of text"
        case .text: "Markdown text"
        case .number: "a number"
        case .integer: "a whole number"
        case .bool: "true or false"
        case .date: "a date, YYYY-MM-DD"
        case .enumeration(let values): "one of \(values.joined(separator: ", "))"
        case .list: "a list"
        case .reference(let target): "the id of an entry of \(target)"
        case .references(let target): "a list of ids of entries of \(target)"
        case .object: "a mapping"
        case .flow(let targets): "a list of tracks, each with `name:` and `steps:` naming entries of \(targets.joined(separator: " or "))"
        }
    }

    /// The comment and key of a field, with a value its type accepts.
    private static func yaml(_ field: FieldSpec, indent: String, entries: (String) -> String?) -> [String] {
        var comment = field.help ?? "\(field.label): \(describe(field.type))."
        let key = indent + field.name + ":"
        let value: String
        switch field.type {
        case .string, .text:
            value = "\"\""
        case .number, .integer:
            value = "0"
        case .bool:
            value = "false"
        case .date:
            let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
            value = String(format: "%04d-%02d-%02d", parts.year ?? 2000, parts.month ?? 1, parts.day ?? 1)
        case .enumeration(let values):
            value = values.first ?? "\"\""
            if field.help != nil { comment += " One of: \(values.joined(separator: ", "))." }
        case .list, .references, .flow:
            value = "[]"
        case .reference(let target):
            value = entries(target) ?? "\"\""
            if field.help != nil { comment += " The id of an entry of \(target)." }
        case .object(let fields):
            var lines = [indent + "# " + comment, key]
            for nested in fields where nested.required && nested.defaultValue == nil {
                lines += yaml(nested, indent: indent + "  ", entries: entries)
            }
            if lines.count == 2 { lines[1] += " {}" }
            return lines
        }
        return [indent + "# " + comment, key + " " + value]
    }
}
