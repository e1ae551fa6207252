using BenchmarkDotNet.Running;
using OneWindow.Benchmarks;

// `ledger [sizes...]` runs the ledger load driver; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "ledger")
{
    return await LedgerLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "approvals")
{
    return await ApprovalLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "cases")
{
    return await CaseLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "webhooks")
{
    return await WebhookLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "reads")
{
    return await DataReadLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "changes")
{
    return await ChangeLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "prefill")
{
    return await PrefillLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "scan")
{
    return await ScanLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "rules")
{
    return await RuleLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "federation")
{
    return await FederationLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "supervision")
{
    return await SupervisionLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "export")
{
    return await ExportLoad.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "certificates")
{
    return await CertificateLoad.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(FoundationBenchmarks).Assembly).Run(args);
return 0;
