using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace OneWindow.Core.Tests.Architecture;

/// <summary>
/// Each module owns its tables: the tables of an entity type belong to the module (namespace under
/// <c>OneWindow</c>) the type lives in, and the framework's tables to the module that uses them. No module
/// reads or writes another module's tables — not through the context's sets, not through <c>Set&lt;T&gt;()</c>,
/// not in SQL of its own — it asks the owning module (<c>UnitQueries</c>, <c>CatalogQueries</c>, ...).
/// Found by reading the compiled core with Mono.Cecil: every call to a set of the context, and every string
/// literal that is SQL, in every method of every module's types (lambdas, iterators and async methods
/// compile to nested types, which belong to the type they are written in).
/// </summary>
public sealed partial class ModuleTableTests
{
    private static readonly Lazy<Scan> s_scan = new(Scan.Run);

    [Fact]
    public void Every_table_has_an_owning_module()
    {
        Assert.True(s_scan.Value.Unowned.Count == 0, "Tables without a module: " + string.Join(", ", s_scan.Value.Unowned));
        Assert.Equal("Identity", s_scan.Value.TableOwners["units"]);
        Assert.Equal("Identity", s_scan.Value.TableOwners["AspNetUsers"]);
        Assert.Equal("Catalog", s_scan.Value.TableOwners["service_items"]);
        Assert.Equal("Ledger", s_scan.Value.TableOwners["ledger_outbox"]);
    }

    [Fact]
    public void The_scan_sees_each_module_use_its_own_tables()
    {
        // Were the scan blind (a renamed context, sets reached another way), the rule below would pass vacuously.
        var uses = s_scan.Value.Uses;
        Assert.Contains(uses, u => u.Module == "Identity" && u.Table == "units" && u.Site.StartsWith("OneWindow.Identity.UnitQueries", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.Module == "Identity" && u.Table == "AspNetUsers");
        Assert.Contains(uses, u => u.Module == "Applications" && u.Table == "applications");
        Assert.Contains(uses, u => u.Module == "Certificates" && u.Table == "status_lists" && u.How == "sql");
        Assert.Contains(uses, u => u.Module == "Ledger" && u.Table == "ledger_entries" && u.How == "sql");
    }

    [Fact]
    public void No_module_touches_another_modules_tables()
    {
        var foreign = s_scan.Value.Uses.Where(u => u.Module != s_scan.Value.TableOwners[u.Table])
            .Select(u => $"{u.Module} → {u.Table} ({s_scan.Value.TableOwners[u.Table]}'s) in {u.Site} by {u.How}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(foreign.Count == 0, "Modules touching other modules' tables:" + Environment.NewLine + string.Join(Environment.NewLine, foreign));
    }

    private sealed record Use(string Module, string Table, string Site, string How);

    private sealed partial record Scan(Dictionary<string, string> TableOwners, List<string> Unowned, List<Use> Uses)
    {
        /// <summary>Framework tables and the module whose code reads them.</summary>
        private static readonly Dictionary<string, string> s_frameworkOwners = new(StringComparer.Ordinal)
        {
            ["Microsoft.AspNetCore.Identity"] = "Identity",
            ["OpenIddict.EntityFrameworkCore.Models"] = "Departments",
            ["Microsoft.AspNetCore.DataProtection.EntityFrameworkCore"] = "Security",
        };

        public static Scan Run()
        {
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            var byType = new Dictionary<string, string>(StringComparer.Ordinal); // CLR full name (generic definition) → table
            var unowned = new List<string>();
            using (var db = new OneWindowDb(new DbContextOptionsBuilder<OneWindowDb>().UseSqlite("Data Source=:memory:").Options))
            {
                foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
                {
                    var table = entity.GetTableName()!;
                    var ns = entity.ClrType.Namespace ?? "";
                    var owner = ModuleOf(ns) ?? s_frameworkOwners.GetValueOrDefault(ns);
                    if (owner is null)
                    {
                        unowned.Add($"{table} ({entity.ClrType.FullName})");
                        continue;
                    }
                    owners[table] = owner;
                    byType[Definition(entity.ClrType)] = table;
                }
            }

            var assembly = AssemblyDefinition.ReadAssembly(typeof(OneWindowDb).Assembly.Location);
            var sets = assembly.MainModule.GetType("OneWindow.OneWindowDb").Properties
                .Where(p => p.PropertyType is GenericInstanceType g && g.ElementType.Name == "DbSet`1")
                .ToDictionary(p => p.GetMethod.Name, p => ((GenericInstanceType)p.PropertyType).GenericArguments[0], StringComparer.Ordinal);
            var identitySets = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["get_Users"] = "AspNetUsers", ["get_Roles"] = "AspNetRoles", ["get_UserRoles"] = "AspNetUserRoles", ["get_UserClaims"] = "AspNetUserClaims",
                ["get_UserLogins"] = "AspNetUserLogins", ["get_UserTokens"] = "AspNetUserTokens", ["get_RoleClaims"] = "AspNetRoleClaims", ["get_UserPasskeys"] = "AspNetUserPasskeys",
            };
            var tableWords = owners.Keys.ToDictionary(t => t, t => new Regex($@"(?<![\w""]){Regex.Escape(t)}(?![\w""])|""{Regex.Escape(t)}""", RegexOptions.CultureInvariant), StringComparer.Ordinal);

            var uses = new List<Use>();
            foreach (var type in assembly.MainModule.GetTypes())
            {
                var outer = type;
                while (outer.IsNested)
                {
                    outer = outer.DeclaringType;
                }
                if (ModuleOf(outer.Namespace) is not { } module)
                {
                    continue; // the context and the service registration compose the modules and are none of them
                }
                foreach (var method in type.Methods.Where(m => m.HasBody))
                {
                    var site = $"{outer.FullName}.{Readable(method, type)}";
                    foreach (var instruction in method.Body.Instructions)
                    {
                        if (instruction.Operand is MethodReference called && (instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt))
                        {
                            var declaring = called.DeclaringType.Name;
                            string? table = null;
                            if (declaring == "OneWindowDb" && sets.TryGetValue(called.Name, out var entity))
                            {
                                table = byType.GetValueOrDefault(entity.FullName);
                            }
                            else if (declaring.StartsWith("Identity", StringComparison.Ordinal) && declaring.Contains("Context", StringComparison.Ordinal))
                            {
                                table = identitySets.GetValueOrDefault(called.Name);
                            }
                            else if (called is GenericInstanceMethod { Name: "Set" } generic && (declaring == "DbContext" || declaring == "OneWindowDb"))
                            {
                                table = byType.GetValueOrDefault(generic.GenericArguments[0].FullName);
                            }
                            if (table is not null)
                            {
                                uses.Add(new Use(module, table, site, "set"));
                            }
                        }
                        else if (instruction.OpCode == OpCodes.Ldstr && instruction.Operand is string text && Sql().IsMatch(text))
                        {
                            uses.AddRange(tableWords.Where(w => w.Value.IsMatch(text)).Select(w => new Use(module, w.Key, site, "sql")));
                        }
                    }
                }
            }
            return new Scan(owners, unowned, uses);
        }

        private static string? ModuleOf(string? ns) =>
            ns is not null && ns.StartsWith("OneWindow.", StringComparison.Ordinal) ? ns.Split('.')[1] : null;

        private static string Definition(Type type) => type.IsGenericType ? type.GetGenericTypeDefinition().FullName! : type.FullName!;

        /// <summary>The method as written: an async method's or a lambda's compiled name carries it between angle brackets.</summary>
        private static string Readable(MethodDefinition method, TypeDefinition type)
        {
            var name = type.IsNested && type.Name.StartsWith('<') ? type.Name : method.Name;
            var written = WrittenName().Match(name);
            return written.Success ? written.Groups[1].Value : name;
        }

        [GeneratedRegex(@"\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|JOIN|TRUNCATE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex Sql();

        [GeneratedRegex(@"^<([^>]+)>")]
        private static partial Regex WrittenName();
    }
}
