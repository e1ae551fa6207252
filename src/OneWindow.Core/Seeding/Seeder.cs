using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using OneWindow.Calendar;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.Divisions;
using OneWindow.Identity;
using OneWindow.Formats;

namespace OneWindow.Seeding;

/// <summary>Loads reference and demo data on first start; running it again changes nothing.</summary>
public sealed partial class Seeder(OneWindowDb db, UserManager<Account> users, Seals seals, TimeProvider clock, ILogger<Seeder> logger,
    DataSharing.SharedDataServices sharing, Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> hashing)
{
    /// <summary>The demo password's hash per work factor (hosts of one process may configure different ones).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> s_demoHashes = new();

    public async Task SeedAsync(SeedOptions options, CancellationToken ct)
    {
        if (options.ReferenceData)
        {
            await SeedReferenceDataAsync(ct);
        }
        if (options.RatingIndicators && await Ratings.IndicatorSets.SeedAsync(db, ct) is > 0 and var sets)
        {
            LogSeeded(logger, "rating indicator sets", sets);
        }
        if (options.SharedData && await DataSharing.SharedDataItems.SeedAsync(db, clock, ct) is > 0 and var items)
        {
            LogSeeded(logger, "shared data items", items);
        }
        if (options.DemoAccounts)
        {
            await SeedDemoAsync(options.SharedData, ct);
        }
        // Units made before supervising lines existed, or below a unit created since, get their default line.
        await Authority.FillDefaultSupervisorsAsync(db, ct);
    }

    public async Task SeedReferenceDataAsync(CancellationToken ct)
    {
        if (!await DivisionQueries.AnyAsync(db, ct))
        {
            var result = await ImportDivisions.HandleAsync(db, DivisionCsv.Shipped(), null, ct);
            LogSeeded(logger, "divisions", result.Added);
        }
        if (!await ImportCalendar.AnyYearAsync(db, ct))
        {
            var result = await ImportCalendar.HandleAsync(db, CalendarFile.Shipped(), clock, ct);
            LogSeeded(logger, "calendar days", result.Days);
        }
        if (!await CatalogQueries.AnyItemAsync(db, ct))
        {
            var result = await ImportCatalog.HandleAsync(db, CatalogDocument.Shipped(), clock, ct);
            LogSeeded(logger, "catalog items and bundles", result.Items + result.Bundles);
        }
        else
        {
            // Items shipped since the catalog was loaded are added; the stored ones are the admins' now and stay as they are.
            var stored = (await CatalogQueries.AllItemsAsync(db, ct)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
            var added = CatalogDocument.Shipped().Items.Where(i => !stored.Contains(i.Code)).ToList();
            if (added.Count > 0 && (await ImportCatalog.ValidateAgainstStoreAsync(db, new CatalogDocument(added, []), ct)).Value is { } valid)
            {
                var result = await ImportCatalog.HandleAsync(db, valid, clock, ct);
                LogSeeded(logger, "newly shipped catalog items", result.Items);
            }
        }
    }

    private async Task SeedDemoAsync(bool sharedData, CancellationToken ct)
    {
        if (await UnitQueries.AnyAsync(db, ct) || !await DivisionQueries.ExistsAsync(db, DemoData.VillageCode, ct))
        {
            return;
        }
        var units = new Dictionary<string, Unit>();
        var serial = 1;
        foreach (var demo in DemoData.Units)
        {
            var unit = new Unit
            {
                Name = demo.Name,
                Kind = demo.Kind,
                Department = demo.Department,
                DivisionCode = demo.DivisionCode,
                CreditCode = UnifiedSocialCreditCode.Synthesize(demo.Authority, demo.Type, demo.DivisionCode[..6], 1000 + serial++),
                CreatedAt = clock.GetUtcNow(),
            };
            units[demo.Key] = unit;
        }
        UnitQueries.Add(db, units.Values);
        await db.SaveChangesAsync(ct);

        // Every demo account has the one demo password (README); it is hashed once per process and the hash given to each —
        // PBKDF2 at 100 000 rounds for each of some fifty accounts was most of a first start's seeding (and of every test
        // database's). Real accounts are hashed one by one as always.
        var demoHash = s_demoHashes.GetOrAdd(hashing.Value.IterationCount, _ => users.PasswordHasher.HashPassword(new Account(), DemoData.Password));
        foreach (var staff in DemoData.Staff)
        {
            var account = new Account
            {
                UserName = staff.UserName,
                RealName = staff.RealName,
                Kind = AccountKind.Staff,
                UnitId = units[staff.UnitKey].Id,
                Roles = staff.Roles,
                CreatedAt = clock.GetUtcNow(),
            };
            account.PasswordHash = demoHash;
            Check(await users.CreateAsync(account), staff.UserName);
        }
        var resident = new Account
        {
            UserName = DemoData.ResidentIdNumber,
            IdNumber = DemoData.ResidentIdNumber,
            RealName = DemoData.ResidentName,
            PhoneNumber = DemoData.ResidentPhone,
            Kind = AccountKind.Resident,
            CreatedAt = clock.GetUtcNow(),
        };
        resident.PasswordHash = demoHash;
        Check(await users.CreateAsync(resident), "resident");
        foreach (var (code, name, agent, agentId) in new[]
        {
            (DemoData.EnterpriseCreditCode, DemoData.EnterpriseName, DemoData.EnterpriseAgentName, DemoData.EnterpriseAgentIdNumber),
            (DemoData.InstitutionCreditCode, DemoData.InstitutionName, DemoData.InstitutionAgentName, DemoData.InstitutionAgentIdNumber),
        })
        {
            var organisation = new Account
            {
                UserName = code,
                CreditCode = code,
                OrganisationName = name,
                RealName = agent,
                AgentIdNumber = agentId,
                Kind = RegisterOrganisation.KindOf(code),
                CreatedAt = clock.GetUtcNow(),
            };
            organisation.PasswordHash = demoHash;
            Check(await users.CreateAsync(organisation), name);
        }

        // Registered seals and reviewer signatures for the units that issue in the demo.
        var now = clock.GetUtcNow();
        var admin = await users.FindByNameAsync("admin");
        foreach (var key in DemoData.SealedUnits)
        {
            var unit = units[key];
            var seal = await seals.NewSealAsync(unit, admin!.Id, null, ct);
            seal.Status = RegistrationStatus.Registered;
            seal.ReviewedBy = admin.Id;
            seal.ReviewedAt = now;
            seal.ReviewNote = "demo seal, registered at installation";
            CertificateQueries.Add(db, [seal], []);
            foreach (var reviewer in DemoData.Staff.Where(s => s.UnitKey == key && s.Roles.HasFlag(StaffRoles.Reviewer)))
            {
                var account = await users.FindByNameAsync(reviewer.UserName);
                CertificateQueries.Add(db, [], [new SignatureSpecimen
                {
                    AccountId = account!.Id,
                    UnitId = unit.Id,
                    ImagePng = SealImage.RenderDemoSignature(reviewer.RealName),
                    Status = RegistrationStatus.Registered,
                    SubmittedBy = admin.Id,
                    SubmittedAt = now,
                    ReviewedBy = admin.Id,
                    ReviewedAt = now,
                }]);
            }
        }
        // The 市县乡村 liaison roster above the demo village: 办不成事 reports go to these people.
        foreach (var (code, person, title, phone) in DemoData.Liaisons)
        {
            await DivisionQueries.NameLiaisonAsync(db, code, person, title, phone, now, ct);
        }
        await db.SaveChangesAsync(ct);
        LogSeeded(logger, "demo units", units.Count);
        if (sharedData)
        {
            await SeedSharedDataAsync(ct);
        }
    }

    /// <summary>
    /// The demo resident's household and insurance records, written by the county's police and medical-insurance
    /// staff through the same path as any write (schema, version, ledger), and one approved grant: the county health
    /// bureau may read names and household numbers to check parents' registration for birth registration.
    /// </summary>
    private async Task SeedSharedDataAsync(CancellationToken ct)
    {
        var police = (await users.FindByNameAsync("county-police-reviewer"))!;
        var insurance = (await users.FindByNameAsync("county-medical-insurance-reviewer"))!;
        var health = (await users.FindByNameAsync("health-reviewer"))!;
        var born = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddDays(-DemoData.NewbornAgeDays);
        var writes = new (Account Writer, string Item, object Data)[]
        {
            (police, "police.household", new { name = DemoData.ResidentName, idNumber = DemoData.ResidentIdNumber, householdNumber = DemoData.ResidentHouseholdNumber, relationToHead = "户主", address = DemoData.ResidentAddress, divisionCode = DemoData.VillageCode }),
            (insurance, "insurance.enrolment", new { scheme = "城乡居民基本医疗保险", enrolledSince = "2015-01-01", status = "参保缴费", maternityInsured = true }),
            // The hospital records the birth under each parent's identity number; the demo resident is one of them.
            (health, "health.birth-medical-record", new { childName = DemoData.NewbornName, birthDate = born.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), sex = "女", birthPlace = DemoData.NewbornHospital, birthCertificateNumber = "R130123001", weightGrams = 3350 }),
        };
        // Market regulation's register of the demo enterprise, which its change registrations change.
        var market = (await users.FindByNameAsync("county-market-reviewer"))!;
        var enterprise = await DataSharing.WriteRecord.HandleAsync(market, "market.enterprise", DemoData.EnterpriseCreditCode, System.Text.Json.JsonSerializer.SerializeToElement(
            new { name = DemoData.EnterpriseName, legalRepresentative = DemoData.EnterpriseLegalRepresentative, address = DemoData.EnterpriseAddress, registeredCapital = 500000, businessScope = "餐饮服务；食品销售" },
            Common.JsonDefaults.Options), db, sharing, clock, ct);
        if (!enterprise.Succeeded)
        {
            throw new InvalidOperationException($"Could not write the demo enterprise's record: {enterprise.Failure!.Detail}");
        }
        foreach (var (writer, item, data) in writes)
        {
            var written = await DataSharing.WriteRecord.HandleAsync(writer, item, DemoData.ResidentIdNumber, System.Text.Json.JsonSerializer.SerializeToElement(data, Common.JsonDefaults.Options),
                db, sharing, clock, ct);
            if (!written.Succeeded)
            {
                throw new InvalidOperationException($"Could not write the demo record {item}: {written.Failure!.Detail}");
            }
        }
        var admin = (await users.FindByNameAsync("admin"))!;
        var owner = (await users.FindByNameAsync("county-police-admin"))!;
        var grant = await DataSharing.Grants.RequestAsync(admin, new DataSharing.Grants.Request("police.household", health.UnitId!.Value, ["name", "householdNumber", "divisionCode"],
            DemoData.HouseholdCheckPurpose, clock.GetUtcNow().AddYears(1)), db, clock, ct);
        var decided = grant.Succeeded ? await DataSharing.Grants.DecideAsync(owner, grant.Value!.Id, approve: true, "demo grant", db, clock, ct) : grant;
        // The platform office checks new residents' names against the household registration (实名注册核验).
        var platform = admin.UnitId!.Value;
        var check = decided.Succeeded ? await DataSharing.Grants.RequestAsync(admin, new DataSharing.Grants.Request(DataSharing.RealNameCheck.Item, platform, ["name"],
            DataSharing.RealNameCheck.Purpose, clock.GetUtcNow().AddYears(3).AddDays(-2)), db, clock, ct) : decided;
        var provincePolice = (await users.FindByNameAsync("province-police-admin"))!;
        var checkDecided = check.Succeeded ? await DataSharing.Grants.DecideAsync(provincePolice, check.Value!.Id, approve: true, "demo grant", db, clock, ct) : check;
        if (!checkDecided.Succeeded)
        {
            throw new InvalidOperationException($"Could not make the demo grants: {checkDecided.Failure!.Detail}");
        }
        var once = await SeedNewbornGrantsAsync(admin, ct);
        LogSeeded(logger, "demo shared data records and grants", writes.Length + 3 + once);
    }

    /// <summary>
    /// Once-only for 新生儿出生一件事 in the demo village: the units handling it may read what the parents' own records
    /// hold — household data (the police station, the medical-insurance bureau and the bank), the birth record (the police
    /// station and the county health bureau), the enrolment (the province's medical-insurance bureau) — each
    /// approved by an admin of the owning department, for the bundle's purpose.
    /// </summary>
    private async Task<int> SeedNewbornGrantsAsync(Account admin, CancellationToken ct)
    {
        var purpose = Applications.PrefillForm.PurposeOf((await CatalogQueries.BundleAsync(db, "NEWBORN", ct))!.Name);
        async Task<Guid> UnitOf(string account) => (await users.FindByNameAsync(account))!.UnitId!.Value;
        var grants = new (string Item, string Consumer, string[] Fields, string Decider)[]
        {
            ("police.household", "police-reviewer", ["name", "idNumber", "householdNumber", "address"], "county-police-admin"),
            ("police.household", "county-medical-insurance-reviewer", ["name", "idNumber", "address"], "county-police-admin"),
            ("police.household", "county-bank-reviewer", ["name", "idNumber", "householdNumber"], "county-police-admin"),
            ("health.birth-medical-record", "police-reviewer", ["childName", "birthDate", "sex", "birthCertificateNumber"], "county-health-admin"),
            ("health.birth-medical-record", "health-reviewer", ["childName", "birthDate", "sex", "birthPlace", "birthCertificateNumber"], "county-health-admin"),
            ("insurance.enrolment", "province-medical-insurance-reviewer", ["scheme", "enrolledSince", "status"], "province-medical-insurance-admin"),
        };
        // Benefits without application (免申即享): the acting units read what the shipped rules check, for each rule's purpose (its name).
        var rules = Proactive.BenefitRules.Shipped().Rules.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var benefits = new (string Item, string Consumer, string[] Fields, string Decider, string Purpose)[]
        {
            ("insurance.enrolment", "county-medical-insurance-reviewer", ["maternityInsured", "status"], "province-medical-insurance-admin", rules["maternity-allowance-on-birth"]),
            ("police.household", "county-civil-affairs-reviewer", ["name", "idNumber", "divisionCode"], "county-police-admin", rules["elderly-allowance-at-80"]),
            ("civil-affairs.assistance", "county-civil-affairs-reviewer", ["category", "status"], "county-civil-affairs-admin", rules["disability-living-subsidy-on-certificate"]),
            // 异地就医直接结算: the province's medical insurance answers other regions' platforms about its insured.
            ("insurance.enrolment", "province-medical-insurance-reviewer", ["scheme", "enrolledSince", "status"], "province-medical-insurance-admin", Federation.SettleClaim.Purpose),
        };
        foreach (var (item, consumer, fields, decider, why) in grants.Select(g => (g.Item, g.Consumer, g.Fields, g.Decider, purpose)).Concat(benefits))
        {
            var asked = await DataSharing.Grants.RequestAsync(admin, new DataSharing.Grants.Request(item, await UnitOf(consumer), fields, why, clock.GetUtcNow().AddYears(2)), db, clock, ct);
            var decided = asked.Succeeded ? await DataSharing.Grants.DecideAsync((await users.FindByNameAsync(decider))!, asked.Value!.Id, approve: true, "demo grant", db, clock, ct) : asked;
            if (!decided.Succeeded)
            {
                throw new InvalidOperationException($"Could not make the demo grant of {item} to {consumer}'s unit: {decided.Failure!.Detail}");
            }
        }
        return grants.Length + benefits.Length;
    }

    private static void Check(IdentityResult result, string who)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo account {who}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} {What}")]
    private static partial void LogSeeded(ILogger logger, string what, int count);
}
