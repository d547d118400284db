import Foundation
import HandbookFuzz

#if FUZZING
    import CLibFuzzer
#endif

/// One input through parse, resolve and render in memory. A broken invariant traps, so
/// libFuzzer records the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: size == 0 ? nil : data, count: size)
    let (_, insanities) = FuzzCase(bytes).run()
    if !insanities.isEmpty { fatalError(insanities.joined(separator: "\n")) }
    return 0
}

/// The fuzzer (built by scripts/fuzz.sh with `-D FUZZING`, arguments as libFuzzer takes them),
/// or, from a plain `swift build`, a replay tool: each file named on the command line goes
/// through the same entry point and its diagnostics are printed, to reproduce a crash.
@main struct HandbookFuzzer {
    static func main() throws {
        #if FUZZING
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                print("== \(path) (\(data.count) bytes)")
                let (report, insanities) = FuzzCase(data).run()
                for diagnostic in report.diagnostics { print(diagnostic) }
                for insanity in insanities { print("INSANE: \(insanity)") }
                if !insanities.isEmpty { exit(1) }
            }
        #endif
    }
}
