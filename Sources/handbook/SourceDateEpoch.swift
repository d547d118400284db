import ArgumentParser
import Foundation

/// SOURCE_DATE_EPOCH (reproducible-builds.org): the latest date a build may write, so builds of
/// the same sources give the same bytes. Read here, not in the library, which takes it as an
/// option.
enum SourceDateEpoch {
    /// The variable's value in seconds since 1970; nil when unset or empty. A value that is not
    /// a whole number is reported and stops the command (exit 2), as the specification asks.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int? {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return nil }
        guard let seconds = Int(text), seconds >= 0 else {
            let message =
                "error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, found '\(text)'\n"
                + "    hint: set it to the time of the last commit (`git log -1 --format=%ct`) or unset it\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(2)
        }
        return seconds
    }
}
