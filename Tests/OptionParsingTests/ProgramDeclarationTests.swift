import BuildInfo
import Foundation
@testable import OptionParsing
import Programs
import XCTest

/// Every program's declaration: names used once, Salt's standard options first, and the help, manual
/// page and completion scripts made from it.
final class ProgramDeclarationTests: XCTestCase {
    func testEveryOptionNameIsDeclaredOnceAndStandardOptionsComeFirst() {
        for program in Programs.all {
            let names = program.options.flatMap(\.names)
            XCTAssertEqual(names.count, Set(names).count, "\(program.name) declares a name twice: \(names)")
            XCTAssertEqual(Array(program.visibleOptions.prefix(3).map(\.names)), [["--version"], ["-V", "--versions-report"], ["-h", "--help"]],
                           program.name)
        }
    }

    func testSaltsSpellingsAreThere() {
        let brine = Set(Programs.brine.options.flatMap(\.names))
        for name in ["-t", "--out", "--out-indent", "--static", "-b", "--batch-size", "--async", "-v", "--summary", "-L", "-C",
                     "--no-parse", "--return", "--subset", "-l", "--log-file"] {
            XCTAssertTrue(brine.contains(name), "brine lacks \(name)")
        }
        let key = Set(Programs.brineKey.options.flatMap(\.names))
        for name in ["-L", "-l", "-a", "-A", "-r", "-R", "-d", "-D", "-p", "-P", "-f", "-F", "--gen-keys", "--gen-keys-dir",
                     "--keysize", "--include-accepted", "--include-rejected", "--include-denied", "--out", "-y", "--log-level"] {
            XCTAssertTrue(key.contains(name), "brine-key lacks \(name)")
        }
        XCTAssertFalse(key.contains("-l") && Programs.brineKey.options.first { $0.names.contains("-l") }?.key == "log_level",
                       "salt-key's -l lists keys; its log level is --log-level only")
    }

    func testHelpManualAndCompletionsComeFromTheDeclaration() throws {
        for program in Programs.all {
            let help = HelpText(program).text
            XCTAssertTrue(help.hasPrefix("Usage: \(program.usageLine)\n\n"), program.name)
            let page = ManualPage.page(for: program)
            XCTAssertTrue(page.hasPrefix(".TH \(program.name.uppercased()) 1 "), program.name)
            for option in program.visibleOptions {
                XCTAssertTrue(help.contains(option.names[0] + (option.takesValue && option.names[0].hasPrefix("--") ? "=" : "")), "\(program.name) help lacks \(option.names[0])")
                XCTAssertTrue(page.contains(ManualPage.escaped(option.names[0])), "\(program.name) manual lacks \(option.names[0])")
                XCTAssertTrue(FishCompletion.script(for: program).contains(option.names.last!.hasPrefix("--") ? "-l \(option.names.last!.dropFirst(2))" : "-s \(option.names.last!.dropFirst())"))
            }
            for refused in program.options where refused.refusal != nil {
                XCTAssertFalse(help.contains(refused.names[0] + " ") || help.contains(refused.names[0] + "="), "\(program.name) offers refused \(refused.names[0])")
            }
        }
    }

    func testBashAndZshAcceptTheirScripts() throws {
        for program in Programs.all {
            try checkSyntax(shell: "/bin/bash", script: BashCompletion.script(for: program), program: program.name)
            if FileManager.default.isExecutableFile(atPath: "/bin/zsh") {
                try checkSyntax(shell: "/bin/zsh", script: ZshCompletion.script(for: program), program: program.name)
            }
        }
    }

    /// groff reads every manual page without a warning, where it is installed.
    func testManualPagesReadWithoutWarnings() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        for program in Programs.all {
            let path = NSTemporaryDirectory() + "/\(program.name)-\(UUID().uuidString).1"
            try ManualPage.page(for: program, seeAlso: ["brine"]).write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/groff")
            process.arguments = ["-man", "-Tutf8", "-ww", "-z", path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(text, "", "groff warns about the manual of \(program.name)")
        }
    }

    private func checkSyntax(shell: String, script: String, program: String) throws {
        let path = NSTemporaryDirectory() + "/completion-\(program)-\(UUID().uuidString)"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = ["-n", path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(shell) -n refuses the completion of \(program)")
    }

    func testVersionsReportHasSaltsBlocksAndColumn() {
        let report = VersionsReport(dependencies: [("libzmq", "4.3.4"), ("SQLite", nil)]).text
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "Brine Version:")
        XCTAssertTrue(report.contains("\n         Brine: \(BuildInfo.version)\n"), report)
        XCTAssertTrue(report.contains("\nDependency Versions:\n        libzmq: 4.3.4\n        SQLite: Not Installed\n \n"), report)
        XCTAssertTrue(report.contains("\nSystem Versions:\n"), report)
        XCTAssertTrue(report.hasSuffix("\n \n"), "each block ends in a line of one space")
    }
}
