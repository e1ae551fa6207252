using Microsoft.Extensions.Configuration;
using OneWindow.Cli;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
return await CliApp.RunAsync(args, Console.Out, Console.Error, configuration, CancellationToken.None);
