import Foundation

/// Writes a rendered site to a staging folder beside the output, then swaps it in, so a
/// failed or interrupted build never leaves the output half written.
struct OutputWriter {
    let options: BuildOptions

    /// Writes everything; returns how many files were written.
    func write(_ site: RenderedSite) throws -> Int {
        let fm = FileManager.default
        let output = options.output.standardizedFileURL
        let parent = output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).staging-\(token)")
        let old = parent.appendingPathComponent(".\(output.lastPathComponent).old-\(token)")
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var folders = Set<String>()
            for file in site.files { folders.insert((file.path as NSString).deletingLastPathComponent) }
            for path in site.staticFiles { folders.insert((path as NSString).deletingLastPathComponent) }
            for folder in folders.sorted() where !folder.isEmpty {
                try fm.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            let failures = site.files.parallelMap { file -> String? in
                do {
                    try file.data.write(to: staging.appendingPathComponent(file.path))
                    return nil
                } catch {
                    return "\(file.path): \(error.localizedDescription)"
                }
            }.compactMap { $0 }
            if let first = failures.first { throw WriteError(message: first) }
            let content = options.root.appendingPathComponent("Content")
            for path in site.staticFiles {
                try fm.copyItem(at: content.appendingPathComponent(path), to: staging.appendingPathComponent(path))
            }
            if fm.fileExists(atPath: output.path) {
                try fm.moveItem(at: output, to: old)
                try fm.moveItem(at: staging, to: output)
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: output)
            }
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: output.path), fm.fileExists(atPath: old.path) {
                try? fm.moveItem(at: old, to: output)
            }
            throw error
        }
        return site.files.count + site.staticFiles.count
    }

    struct WriteError: LocalizedError {
        var message: String
        var errorDescription: String? { message }
    }
}
