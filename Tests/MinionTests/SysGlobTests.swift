import BrineTesting
import MessagePack
@testable import Minion
import Testing

/// `sys.list_functions` against Python's `fnmatch` (the glob vectors in PythonRulesTests' Fixtures):
/// Salt's `fnmatch.filter(__salt__, pattern)` for a pattern with `*` or `.`, over a registry whose
/// functions are named after every name in the vectors.
@Suite struct SysGlobTests {
    @Test func listFunctionsFiltersLikeFnmatch() throws {
        let cases = try PythonVectors.globCases()
        let names = Set(cases.map(\.name))
        let registry = FunctionRegistry([names.map { ExecutionFunction($0, doc: "") { _, _ in .nil } }])
        var checked = 0
        for pattern in Set(cases.map(\.pattern)) where pattern.contains("*") || pattern.contains(".") {
            let expected = cases.filter { $0.pattern == pattern && $0.matches }.map(\.name).sorted()
            #expect(SysModule.select(registry, [pattern]).map(\.name) == expected, "sys.list_functions \(pattern.debugDescription)")
            checked += 1
        }
        #expect(checked > 15)
    }

    /// The sets glibc reads differently from Python, through the real function list.
    @Test func setsMeanWhatPythonMeans() {
        #expect(value("sys.list_functions", "sys.list_[^a]*") == [])
        #expect(value("sys.list_functions", "sys.list_[!a]*") == ["sys.list_functions", "sys.list_modules"])
        #expect(value("sys.list_functions", "sys.list_[!]]*") == ["sys.list_functions", "sys.list_modules"])
        #expect(value("sys.list_functions", "sys.list\\_*") == [])
        #expect(value("sys.list_functions", "sys.[]d]oc") == ["sys.doc"])
    }
}
