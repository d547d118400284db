import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything the build reads from disk, read once by the load step.
package struct SiteSources: Sendable {
    /// site.yml's text, if present.
    var config: String?
    /// Markdown files: path under Content/ and text.
    var markdown: [(path: String, text: String)] = []
    /// Other files under Content/, copied as they are: path under Content/.
    var staticFiles: [String] = []
    /// Files of the theme overrides (Themes/default, then Themes/NAME), by path inside the theme.
    var themeOverrides: [String: Data] = [:]
    /// Where each theme override was read, as diagnostics show it (`Themes/default/templates/page.mustache`).
    var themeOverridePaths: [String: String] = [:]
    /// Files that could not be read, as diagnostics.
    var problems: [Diagnostic] = []
    /// What the repository around the site says: last commits, CODEOWNERS, its root.
    var repository = Repository()

    static let configName = "site.yml"

    /// Reads Content/ (and the theme folders) under a root.
    static func load(root: URL) -> SiteSources {
        var sources = SiteSources()
        let content = root.appendingPathComponent("Content")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            sources.problems.append(
                .environment(
                    SourceLocation(file: "Content", line: 1, column: 1), "there is no Content/ folder in \(root.path)",
                    hint: "run handbook in the folder that holds Content/, or pass --root DIR"))
            return sources
        }
        let walk = SourceWalk.walk(content, shown: "Content")
        var configIsFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: content.appendingPathComponent(configName).path, isDirectory: &configIsFolder),
            configIsFolder.boolValue
        {
            sources.problems.append(
                .warning(
                    SourceLocation(file: "Content/\(configName)", line: 1, column: 1),
                    "site.yml is a folder, so the site is built without its settings",
                    hint: "rename the folder, and write the settings into a file Content/site.yml", check: .sourceFile))
        }
        sources.problems += walk.problems
        // Two names that differ only in Unicode normalization (é as one code point or as e and
        // an accent) are one page to Swift's strings and one file to some file systems: keep
        // the first and report the other.
        var all: [String] = []
        var seen: [String: String] = [:]
        for relative in walk.files {
            if let first = seen[relative] {
                sources.problems.append(
                    .error(
                        SourceLocation(file: "Content/\(relative)", line: 1, column: 1),
                        "the name differs from Content/\(first) only in how its accents are encoded (here \(Self.escaped(relative)), "
                            + "there \(Self.escaped(first)))",
                        hint: "rename or remove one of the two; they would be built to the same address", check: .outputPath))
            } else {
                seen[relative] = relative
                all.append(relative)
            }
        }
        if !all.contains(where: { $0.hasSuffix(".md") }) {
            sources.problems.append(
                .warning(
                    SourceLocation(file: "Content", line: 1, column: 1), "there are no Markdown pages in Content/",
                    hint: "add Content/_index.md, the home page", check: .sourceFile))
        }
        let markdownPaths = all.filter { $0.hasSuffix(".md") }
        // Reading ten thousand files is mostly system calls: spread them over the cores.
        let texts = markdownPaths.parallelMap { relative -> Result<String, Diagnostic> in
            read(content.appendingPathComponent(relative), shown: "Content/\(relative)")
        }
        for (relative, text) in zip(markdownPaths, texts) {
            switch text {
            case .success(let text): sources.markdown.append((relative, text))
            case .failure(let problem): sources.problems.append(problem)
            }
        }
        for relative in all where !relative.hasSuffix(".md") {
            if relative == configName {
                switch read(content.appendingPathComponent(relative), shown: "Content/\(relative)") {
                case .success(let text): sources.config = text
                case .failure(let problem): sources.problems.append(problem)
                }
            } else {
                sources.staticFiles.append(relative)
            }
        }
        return sources
    }

    /// Reads theme override files: Themes/default then Themes/NAME, later ones winning; returns
    /// what could not be read.
    mutating func loadTheme(root: URL, name: String?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for folder in ["default", name].compactMap({ $0 }) {
            let dir = root.appendingPathComponent("Themes").appendingPathComponent(folder)
            let shown = "Themes/\(folder)"
            let walk = SourceWalk.walk(dir, shown: shown, optional: true)
            problems += walk.problems
            for relative in walk.files {
                if let data = try? Data(contentsOf: dir.appendingPathComponent(relative)) {
                    // Templates are text: bytes that are not UTF-8 would reach every page as U+FFFD.
                    if relative.hasSuffix(".mustache"), case .failure(let problem) = SourceText.decode(data, file: "\(shown)/\(relative)") {
                        problems.append(problem)
                    }
                    themeOverrides[relative] = data
                    themeOverridePaths[relative] = "Themes/\(folder)/\(relative)"
                } else {
                    problems.append(Self.unreadable("\(shown)/\(relative)"))
                }
            }
        }
        return problems
    }

    private static func read(_ url: URL, shown: String) -> Result<String, Diagnostic> {
        guard let data = try? Data(contentsOf: url) else { return .failure(unreadable(shown)) }
        return text(of: data, shown: shown)
    }

    /// A file's bytes as text, checked the same way for files on disk and made in memory.
    static func text(of data: Data, shown: String) -> Result<String, Diagnostic> {
        SourceText.decode(data, file: shown)
    }

    /// A path with every character outside ASCII written as its code point, `caf\u{E9}.md`, so
    /// two names that look the same can be told apart.
    private static func escaped(_ path: String) -> String {
        path.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}" }.joined()
    }

    private static func unreadable(_ shown: String) -> Diagnostic {
        .environment(
            SourceLocation(file: shown, line: 1, column: 1), "cannot read the file",
            hint: "check that it exists and that you may read it")
    }

    /// The names of the folders directly inside a folder, sorted; hidden ones skipped.
    static func folders(under dir: URL) -> [String] {
        (DirectoryEntry.list(dir.standardizedFileURL.path, followingLinks: true) ?? [])
            .filter { $0.kind == .folder && !$0.name.hasPrefix(".") }.map(\.name).sorted()
    }
}
