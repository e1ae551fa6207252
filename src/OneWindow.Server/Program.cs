using OneWindow.Server.Applications;
using OneWindow.Server.Auth;
using OneWindow.Server.Calendar;
using OneWindow.Server.Certificates;
using OneWindow.Server.Departments;
using OneWindow.Server.Catalog;
using OneWindow.Server.DataSharing;
using OneWindow.Server.Divisions;
using OneWindow.Server.Federation;
using OneWindow.Server.Infrastructure;
using OneWindow.Server.Ledger;
using OneWindow.Server.Notifications;
using OneWindow.Server.Proactive;
using OneWindow.Server.Ratings;
using OneWindow.Server.Supervision;
using OneWindow.Server.Unresolved;
using OneWindow.Server.Units;

var builder = WebApplication.CreateBuilder(args);
builder.AddOneWindowServer();
builder.AddHardening();

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseHardening();
app.UseErrorPages();
app.UseRequestLocalization();
app.UseStaticFiles();
app.UseRouting();
app.UseRequestGuards();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
app.MapOpenApi();
app.MapAuth();
app.MapDivisions();
app.MapCalendar();
app.MapCatalog();
app.MapUnits();
app.MapLedger();
app.MapCertificates();
app.MapCases();
app.MapCaseMaterials();
app.MapDrafts();
app.MapDepartmentEndpoints();
app.MapDepartmentClients();
app.MapTaskQueue();
app.MapDataSharing();
app.MapBenefits();
app.MapFederation();
app.MapNotifications();
app.MapRatings();
app.MapUnresolved();
app.MapSupervision();
app.MapRazorPages();

await app.RunAsync();

/// <summary>The web host's entry point (public for the integration tests' WebApplicationFactory).</summary>
public partial class Program;
