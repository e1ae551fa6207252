namespace OneWindow.Applications;

/// <summary>Where an application stands.</summary>
public enum ApplicationStatus
{
    Submitted,            // 已提交，待审核
    SupplementRequested,  // 补正：waiting for the applicant
    Approved,             // 已办结（出证）
    Refused,              // 不予办理
}

/// <summary>How the application reached the platform.</summary>
public enum Channel
{
    Web,      // 网上（电脑）
    Mobile,   // 手机（移动端）
    Kiosk,    // 24 小时自助终端
    Counter,  // 窗口或村干部帮办代办
}
