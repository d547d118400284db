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
    /// nil when some input changed too close to the build to be trusted (`InputStamps.racy`):
    /// then no build counts as unchanged, but the output's files are still known.
    var stamps: InputStamps?
    /// Each file of the output: size, modification time and inode after the swap.
    var output: [String: String]
    /// The key each page file was made from, when the build kept a cache (see `PageReuse`).
    var keys: [String: KeyDigest] = [:]
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
    init(stamps: InputStamps?, output folder: String, written: Set<String>, report: BuildReport, keys: [String: KeyDigest] = [:]) {
        self.stamps = stamps
        self.keys = keys
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

    /// The page files of the output, each with its key and its state, for a build that takes
    /// pages from this one.
    var pageFiles: [String: (key: KeyDigest, state: String)] {
        var files: [String: (key: KeyDigest, state: String)] = [:]
        for (path, key) in keys {
            if let state = output[path] { files[path] = (key, state) }
        }
        return files
    }

    /// The record as text: counts, diagnostics as one JSON line, stamps, then output states,
    /// each with its page key when it has one.
    var text: String {
        let json = (try? JSONEncoder().encode(diagnostics)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        var out = Array("handbook build record 2\npages \(pages)\nfiles \(files)\n\(json)\n".utf8)
        out += (stamps?.text ?? "no stamps\n").utf8
        out += "--- output\n".utf8
        // Bytes, not string interpolation: 10,000 lines of it showed in a profile.
        out.reserveCapacity(out.count + output.count * 120)
        for (path, state) in output.sorted(by: { $0.key < $1.key }) {
            out += path.utf8
            out.append(9)
            out += state.utf8
            if let key = keys[path] {
                out.append(9)
                key.appendHex(to: &out)
            }
            out.append(10)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a record written by `text`; nil when it is missing, old or damaged.
    init?(text: String) {
        // The output's lines, each a file, are most of the text: they are read on bytes.
        var text = text
        let marker = Array("--- output\n".utf8)
        guard
            let (headText, lines) = text.withUTF8({ bytes -> (String, String)? in
                guard let split = TabbedLines.lineStart(of: marker, in: bytes) else { return nil }
                return (
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[..<split]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[(split + marker.count)...]), as: UTF8.self)
                )
            })
        else { return nil }
        var head = headText.split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard head.count == 5, head[0] == "handbook build record 2", head[1].hasPrefix("pages "), head[2].hasPrefix("files "),
            let pages = Int(head[1].dropFirst(6)), let files = Int(head[2].dropFirst(6)),
            let diagnostics = try? JSONDecoder().decode([Diagnostic].self, from: Data(head[3].utf8))
        else { return nil }
        let stampsText = head.removeLast()
        let stamps = InputStamps(text: stampsText)
        guard stamps != nil || stampsText == "no stamps\n" else { return nil }
        var output: [String: String] = [:]
        var keys: [String: KeyDigest] = [:]
        var outputLines = lines
        let complete = outputLines.withUTF8 { bytes in
            TabbedLines.forEach(bytes) { fields in
                guard fields.count == 2 || fields.count == 3 else { return false }
                let path = TabbedLines.string(fields[0])
                output[path] = TabbedLines.string(fields[1])
                if fields.count == 3 {
                    guard let key = KeyDigest(hexBytes: fields[2]) else { return false }
                    keys[path] = key
                }
                return true
            }
        }
        guard complete else { return nil }
        self.stamps = stamps
        self.output = output
        self.keys = keys
        self.pages = pages
        self.files = files
        self.diagnostics = diagnostics
    }
}
