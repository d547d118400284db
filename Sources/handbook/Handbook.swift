import ArgumentParser
import Foundation
import HandbookBuild

#if canImport(CMimalloc)
    import CMimalloc
#endif

/// The `handbook` command: turns Content/ into a static site.
///
/// Exit codes, for every subcommand: 0 success, 1 problems in the content, 2 the command
/// could not run (bad flags, missing `Content/`, unreadable input, unwritable output).
@main
struct Handbook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handbook",
        abstract: "Builds a static, searchable handbook from Markdown with YAML front matter.",
        version: HandbookVersion.current,
        subcommands: [Build.self, Check.self, Serve.self, New.self])

    /// Runs the command; usage errors exit 2 rather than ArgumentParser's 64, like every other
    /// failure to run.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Flags that every command reading a site takes.
struct SiteOptions: ParsableArguments {
    @Option(help: "The folder that holds Content/ (and optionally Themes/).")
    var root: String = "."

    @Flag(help: "Include pages marked `draft: true`.")
    var drafts = false

    var rootURL: URL { URL(fileURLWithPath: root).standardizedFileURL }
}

/// `handbook build`: one build, diagnostics like a compiler, exit 1 on any error.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build Content/ into Output/.")

    @OptionGroup var site: SiteOptions

    @Option(help: "Where to write the site (default: ROOT/Output).")
    var output: String?

    @Flag(help: "Print the time of each build step.")
    var verbose = false

    @Flag(help: "Print only diagnostics, not the summary line.")
    var quiet = false

    @Flag(help: "Write the whole site even when the content has errors (they are still printed, and the exit code is still 1).")
    var keepGoing = false

    func run() throws {
        var options = BuildOptions(
            root: site.rootURL, output: output.map { URL(fileURLWithPath: $0).standardizedFileURL }, includeDrafts: site.drafts,
            sourceDateEpoch: try SourceDateEpoch.fromEnvironment())
        let line = quiet ? nil : ProgressLine()
        if let line { options.progress = { line.update($0) } }
        options.keepGoing = keepGoing
        let report = SiteBuilder.build(options)
        line?.finish()
        DiagnosticFormat.text.write(report.diagnostics)
        if verbose {
            print("  allocator    \(Self.allocator)")
            print(StepTimes.lines(report.steps), terminator: "")
            if !report.unchanged {
                // What the build cache (.NAME.handbook/cache) saved: the rest came from it.
                var line = "  rendered \(report.renderedBodies) of \(report.bodies) bodies, \(report.renderedPages) pages"
                if report.reusedPages > 0 { line += "; \(report.reusedPages) pages taken whole from the last build" }
                print(line)
            }
        }
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.count - errors
        let time = String(format: "%.2f s", report.seconds)
        if report.succeeded {
            let notes = warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""
            if quiet {
            } else if report.unchanged {
                print("Nothing changed since the last build of \(report.pages) pages in \(options.output.path) (\(time))\(notes)")
            } else {
                print("Built \(report.pages) pages (\(report.files) files) into \(options.output.path) in \(time)\(notes)")
            }
        } else {
            if !quiet {
                let counted = "\(errors) error\(errors == 1 ? "" : "s")"
                if report.files > 0 {
                    print(
                        "Built \(report.pages) pages (\(report.files) files) into \(options.output.path) in \(time) despite \(counted) (--keep-going)"
                    )
                } else {
                    print("Build failed with \(counted) in \(time); \(options.output.path) was not changed")
                }
            }
            throw ExitCode(report.exitCode)
        }
    }

    /// Which malloc serves the process, for --verbose.
    static var allocator: String {
        #if canImport(CMimalloc)
            let version = Int(mi_version())
            return "mimalloc \(version / 100).\(version % 100 / 10).\(version % 10)"
        #else
            return "system malloc"
        #endif
    }
}

/// `handbook check`: every step of the build but writing; reports every problem at once.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check Content/ without writing anything: links, anchors, references, schemas, templates.")

    @OptionGroup var site: SiteOptions

    @Option(help: "How to print problems: text (like a compiler), github (workflow commands), json.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    func run() throws {
        let options = BuildOptions(root: site.rootURL, includeDrafts: site.drafts, sourceDateEpoch: try SourceDateEpoch.fromEnvironment())
        let (_, report) = SiteBuilder.render(options)
        format.write(report.diagnostics)
        var code = report.exitCode
        if code == 0, strict, report.diagnostics.contains(where: { $0.severity == .warning }) { code = 1 }
        if code != 0 { throw ExitCode(code) }
    }
}

/// The time of each build step, one line each, for --verbose.
enum StepTimes {
    static func lines(_ steps: [StepTiming]) -> String {
        steps.map { step in
            let name = step.name.padding(toLength: max(12, step.name.count), withPad: " ", startingAt: 0)
            return "  \(name) " + String(format: "%8.1f ms", step.seconds * 1000) + "\n"
        }.joined()
    }
}
