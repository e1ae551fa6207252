namespace OneWindow.Testing;

/// <summary>
/// Calendar files for tests. 2027 is laid out the way a State Council notice would be (its real notice
/// is not out as these tests are written): every statutory holiday on its date, some adjusted working days.
/// </summary>
public static class TestCalendars
{
    public const string Year2027 = """
        {"source":"test notice for 2027","years":[2027],"days":[
          {"date":"2027-01-01","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-01-02","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-01-03","kind":"holiday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-01-09","kind":"workday","name":"元旦","nameEn":"New Year's Day"},
          {"date":"2027-02-05","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-06","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-07","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-08","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-09","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-10","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-11","kind":"holiday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-02-20","kind":"workday","name":"春节","nameEn":"Spring Festival"},
          {"date":"2027-04-03","kind":"holiday","name":"清明节","nameEn":"Tomb-Sweeping Day"},
          {"date":"2027-04-04","kind":"holiday","name":"清明节","nameEn":"Tomb-Sweeping Day"},
          {"date":"2027-04-05","kind":"holiday","name":"清明节","nameEn":"Tomb-Sweeping Day"},
          {"date":"2027-05-01","kind":"holiday","name":"劳动节","nameEn":"Labour Day"},
          {"date":"2027-05-02","kind":"holiday","name":"劳动节","nameEn":"Labour Day"},
          {"date":"2027-05-03","kind":"holiday","name":"劳动节","nameEn":"Labour Day"},
          {"date":"2027-05-04","kind":"holiday","name":"劳动节","nameEn":"Labour Day"},
          {"date":"2027-05-05","kind":"holiday","name":"劳动节","nameEn":"Labour Day"},
          {"date":"2027-06-09","kind":"holiday","name":"端午节","nameEn":"Dragon Boat Festival"},
          {"date":"2027-09-15","kind":"holiday","name":"中秋节","nameEn":"Mid-Autumn Festival"},
          {"date":"2027-10-01","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-02","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-03","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-04","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-05","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-06","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-07","kind":"holiday","name":"国庆节","nameEn":"National Day"},
          {"date":"2027-10-09","kind":"workday","name":"国庆节","nameEn":"National Day"}]}
        """;
}
