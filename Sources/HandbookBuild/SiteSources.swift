import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything the build reads from disk, read once by the load step.
struct SiteSources: Sendable {
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
        let all = files(under: content)
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

    /// Reads theme override files: Themes/default then Themes/NAME, later ones winning.
    mutating func loadTheme(root: URL, name: String?) {
        for folder in ["default", name].compactMap({ $0 }) {
            let dir = root.appendingPathComponent("Themes").appendingPathComponent(folder)
            for relative in Self.files(under: dir) {
                if let data = try? Data(contentsOf: dir.appendingPathComponent(relative)) {
                    themeOverrides[relative] = data
                    themeOverridePaths[relative] = "Themes/\(folder)/\(relative)"
                }
            }
        }
    }

    private static func read(_ url: URL, shown: String) -> Result<String, Diagnostic> {
        guard let data = try? Data(contentsOf: url) else {
            return .failure(
                .environment(
                    SourceLocation(file: shown, line: 1, column: 1), "cannot read the file",
                    hint: "check that it exists and that you may read it"))
        }
        let decoded = data.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }
        guard let text = decoded else {
            return .failure(
                .error(
                    SourceLocation(file: shown, line: 1, column: 1), "the file is not UTF-8 text", hint: "save it as UTF-8",
                    check: .encoding))
        }
        return .success(text)
    }

    /// The names of the folders directly inside a folder, sorted; hidden ones skipped.
    static func folders(under dir: URL) -> [String] {
        (DirectoryEntry.list(dir.standardizedFileURL.path, followingLinks: true) ?? [])
            .filter { $0.kind == .folder && !$0.name.hasPrefix(".") }.map(\.name).sorted()
    }

    /// Regular files below a folder, relative, sorted; hidden files and folders skipped.
    static func files(under dir: URL) -> [String] {
        var result: [String] = []
        func walk(_ path: String, _ prefix: String) {
            for entry in DirectoryEntry.list(path, followingLinks: true) ?? [] where !entry.name.hasPrefix(".") {
                switch entry.kind {
                case .folder: walk(path + "/" + entry.name, prefix + entry.name + "/")
                case .file: result.append(prefix + entry.name)
                case .other: break
                }
            }
        }
        walk(dir.standardizedFileURL.path, "")
        return result.sorted()
    }
}
