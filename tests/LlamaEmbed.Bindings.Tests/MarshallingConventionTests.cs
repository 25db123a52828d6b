using System.Reflection;
using System.Runtime.InteropServices;
using LlamaEmbed.Native.Interop;
using Xunit;

namespace LlamaEmbed.Tests;

/// <summary>Every native declaration marshals bools as one byte and strings as UTF-8, explicitly.</summary>
public class MarshallingConventionTests
{
    private static IEnumerable<MethodInfo> Imports() =>
        typeof(NativeMethods).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() is not null);

    [Fact]
    public void Every_entry_point_is_a_LibraryImport()
    {
        Assert.True(Imports().Count() > 100);
        MethodInfo[] dllImports = [.. typeof(NativeMethods).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<DllImportAttribute>() is not null
                && m.GetCustomAttribute<LibraryImportAttribute>() is null
                && !m.Name.Contains('<', StringComparison.Ordinal))];
        Assert.Empty(dllImports);
    }

    [Fact]
    public void Bool_parameters_and_returns_are_one_byte()
    {
        var offenders = new List<string>();
        foreach (MethodInfo method in Imports())
        {
            IEnumerable<ParameterInfo> all = method.GetParameters().Append(method.ReturnParameter);
            foreach (ParameterInfo p in all.Where(p => p.ParameterType == typeof(bool)))
            {
                if (p.GetCustomAttribute<MarshalAsAttribute>()?.Value != UnmanagedType.U1)
                {
                    offenders.Add($"{method.Name}({p.Name ?? "return"})");
                }
            }
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void String_parameters_are_utf8()
    {
        var offenders = new List<string>();
        foreach (MethodInfo method in Imports())
        {
            LibraryImportAttribute import = method.GetCustomAttribute<LibraryImportAttribute>()!;
            foreach (ParameterInfo p in method.GetParameters().Where(p => p.ParameterType == typeof(string)))
            {
                bool utf8 = import.StringMarshalling == StringMarshalling.Utf8
                    || p.GetCustomAttribute<MarshalAsAttribute>()?.Value == UnmanagedType.LPUTF8Str;
                if (!utf8)
                {
                    offenders.Add($"{method.Name}({p.Name})");
                }
            }
            Assert.NotEqual(typeof(string), method.ReturnType);
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void Runtime_marshalling_is_disabled() =>
        Assert.NotNull(typeof(NativeMethods).Assembly.GetCustomAttribute<System.Runtime.CompilerServices.DisableRuntimeMarshallingAttribute>());
}
