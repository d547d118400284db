import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the output folder could not be used or replaced.
enum OutputFolderError: Error {
    /// The location is unsafe or unusable: nothing was touched.
    case refused(String)
    /// Another build holds the lock on this output folder.
    case busy(String)
    /// The output folder holds files handbook did not write.
    case foreignFiles(String, [String])
    /// A system call failed on a path.
    case system(String, Int32)

    /// The diagnostic the user sees: what happened and what to do, exit code 2.
    var diagnostic: Diagnostic {
        switch self {
        case .refused(let message):
            return .environment(
                SourceLocation(file: "--output", line: 1, column: 1), message,
                hint: "choose a folder of its own for the site, such as ROOT/Output (the default); nothing was changed")
        case .busy(let output):
            return .environment(
                SourceLocation(file: output, line: 1, column: 1), "another handbook build is writing this output folder",
                hint: "wait for it to finish and build again; two builds at once would mix their files")
        case .foreignFiles(let output, let paths):
            let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
            return .environment(
                SourceLocation(file: output, line: 1, column: 1),
                "the output folder holds \(paths.count) file\(paths.count == 1 ? "" : "s") that handbook did not write: \(shown)",
                hint:
                    "each build replaces the whole folder, keeping only dotfiles at its top and the paths under `keep:` in site.yml; "
                    + "list them there, move them elsewhere, or delete them; nothing was changed")
        case .system(let path, let code):
            return .environment(
                SourceLocation(file: path, line: 1, column: 1), String(cString: strerror(code)),
                hint: code == ENOSPC || code == EDQUOT
                    ? "free some disk space and build again; the previous output is unchanged"
                    : "check that the folder and the one beside it are writable; the previous output is unchanged")
        }
    }
}
