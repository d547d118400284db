import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The record of the last successful build, kept in the work folder beside the output
/// (`.Output.handbook/last-build`): the stamps of its inputs, the state of every file it put in
/// the output, and its report. When the inputs' stamps are the same and the output still holds
/// those files untouched, a build has nothing to do: it writes nothing and reports the same.
///
/// A CI job that keeps the output and its work folder between runs gets this for free.
struct BuildRecord {
    var stamps: InputStamps
    /// Each file of the output: size, modification time and inode after the swap.
    var output: [String: String]
    var pages: Int
    var files: Int
    var diagnostics: [Diagnostic]

    /// The state of one output file, as compared.
    static func state(of path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)"
    }

    /// Records a build that just swapped `written` into `output`.
    init(stamps: InputStamps, output folder: String, written: Set<String>, report: BuildReport) {
        self.stamps = stamps
        var states: [String: String] = [:]
        for path in written { states[path] = Self.state(of: folder + "/" + path) ?? "missing" }
        output = states
        pages = report.pages
        files = report.files
        diagnostics = report.diagnostics
    }

    /// Whether every file the build wrote is still in `folder` as it left it.
    func outputIsIntact(_ folder: String) -> Bool {
        output.allSatisfy { path, state in Self.state(of: folder + "/" + path) == state }
    }

    /// The record as text: counts, diagnostics as one JSON line, stamps, then output states.
    var text: String {
        let json = (try? JSONEncoder().encode(diagnostics)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        var out = "handbook build record 1\npages \(pages)\nfiles \(files)\n\(json)\n"
        out += stamps.text
        out += "--- output\n"
        for (path, state) in output.sorted(by: { $0.key < $1.key }) { out += "\(path)\t\(state)\n" }
        return out
    }

    /// Reads a record written by `text`; nil when it is missing, old or damaged.
    init?(text: String) {
        let parts = text.components(separatedBy: "--- output\n")
        guard parts.count == 2 else { return nil }
        var head = parts[0].split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard head.count == 5, head[0] == "handbook build record 1", head[1].hasPrefix("pages "), head[2].hasPrefix("files "),
            let pages = Int(head[1].dropFirst(6)), let files = Int(head[2].dropFirst(6)),
            let diagnostics = try? JSONDecoder().decode([Diagnostic].self, from: Data(head[3].utf8)),
            let stamps = InputStamps(text: head.removeLast())
        else { return nil }
        var output: [String: String] = [:]
        for line in parts[1].split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            output[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        self.stamps = stamps
        self.output = output
        self.pages = pages
        self.files = files
        self.diagnostics = diagnostics
    }
}
