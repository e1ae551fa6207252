using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Seeding;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Infrastructure;

/// <summary>A browser meets an error as a page in its language; an API client as ProblemDetails.</summary>
public sealed class ErrorPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static async Task<string> PageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_missing_page_is_a_page_in_the_readers_language_and_a_missing_API_resource_is_a_problem()
    {
        using var browser = app.Client();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        var chinese = await PageAsync(await browser.GetAsync("/no-such-page", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        Assert.Contains("<html lang=\"zh-CN\">", chinese, StringComparison.Ordinal);
        Assert.Contains("页面不存在", chinese, StringComparison.Ordinal);
        Assert.Contains("返回首页", chinese, StringComparison.Ordinal);

        (await browser.GetAsync("/Culture?c=en&returnUrl=/", TestContext.Current.CancellationToken)).Dispose();
        var english = await PageAsync(await browser.GetAsync("/no-such-page", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Page not found", english, StringComparison.Ordinal);
        Assert.DoesNotContain("页面不存在", english, StringComparison.Ordinal);

        // The same browser calling the API still gets what a program reads.
        var api = await browser.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_posted_without_its_token_is_a_400_page_and_asking_for_the_error_page_answers_its_status()
    {
        using var browser = app.Client();

        var refused = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Account"] = DemoData.ResidentIdNumber }), TestContext.Current.CancellationToken);
        var page = await PageAsync(refused, HttpStatusCode.BadRequest);
        Assert.Contains("请求有误", page, StringComparison.Ordinal);

        await PageAsync(await browser.GetAsync("/Error/403", TestContext.Current.CancellationToken), HttpStatusCode.Forbidden);
        await PageAsync(await browser.GetAsync("/Error", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_that_fails_on_our_side_is_a_500_page_with_the_number_to_quote_and_the_API_a_problem()
    {
        var reads = new FailingReads();
        using var failing = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IInterceptor>(reads)));
        using var browser = failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        reads.FailOnce();
        var page = await PageAsync(await browser.GetAsync("/Catalog", TestContext.Current.CancellationToken), HttpStatusCode.InternalServerError);
        reads.FailOnce();
        var api = await browser.GetAsync("/api/catalog/items", TestContext.Current.CancellationToken);

        Assert.Contains("系统出错了", page, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", page, StringComparison.Ordinal);
        Assert.DoesNotContain("the database broke", page, StringComparison.Ordinal);
        var problem = await ProblemAssert.IsProblemAsync(api, HttpStatusCode.InternalServerError);
        Assert.Equal("系统出错了", problem.GetProperty("title").GetString());
        var correlation = problem.GetProperty("correlationId").GetString()!;
        Assert.Contains(correlation, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Matches("<code>[0-9a-f]{32}</code>", page);
    }

    /// <summary>Fails the next read of the catalog's items: the failed request's own work, not the error page shown for it.</summary>
    private sealed class FailingReads : DbCommandInterceptor
    {
        private int _fail;

        public void FailOnce() => Volatile.Write(ref _fail, 1);

        private void Check(DbCommand command)
        {
            if (command.CommandText.Contains("service_items", StringComparison.Ordinal) && Interlocked.Exchange(ref _fail, 0) == 1)
            {
                throw new InvalidOperationException("the database broke");
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }
    }
}
