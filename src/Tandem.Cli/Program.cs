using Tandem.Cli;

return await Commands.RunAsync(args).ConfigureAwait(false);
