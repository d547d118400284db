import Foundation

extension SiteSources {
    /// Sources made in memory, for the fuzzer and its regression tests: files under Content/ by
    /// relative path (as `files(under:)` lists them: no empty, `.`, `..` or hidden parts), sorted
    /// into site.yml, Markdown and copied files the way `load` sorts a folder, and decoded by the
    /// same check, so bytes that are not UTF-8 get the diagnostic a file on disk would get.
    package init(files: [(path: String, data: Data)]) {
        self.init()
        for (path, data) in files.sorted(by: { $0.path < $1.path }) {
            let shown = "Content/\(path)"
            if path.hasSuffix(".md") {
                switch Self.text(of: data, shown: shown) {
                case .success(let text): markdown.append((path, text))
                case .failure(let problem): problems.append(problem)
                }
            } else if path == Self.configName {
                switch Self.text(of: data, shown: shown) {
                case .success(let text): config = text
                case .failure(let problem): problems.append(problem)
                }
            } else {
                staticFiles.append(path)
            }
        }
    }
}
