/* 我的今天：按手机上的日期，列出今天和明天的职责，并链接到 Git 服务器上写记录的网页。
 *
 * Why in the browser: the site is built at night and read all day, so "today" is the
 * reader's. Each person's page carries the next 14 days as JSON (outputs/site/today.py):
 * per day the duties, whether the roster has the person at work, and the forms that start
 * the day's records. A new-file form link is made here from the form's address, the file
 * name and the draft text (the same draft `wutong new` writes); for a slip opened today the
 * draft's opening time becomes the phone's time, as `wutong new slip` would write it now.
 * Nothing is requested from anywhere.
 */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function isoDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function href(form, now, today) {
    if (form.url) return form.url;
    var text = form.text;
    if (form.clock && today) {   // a slip opened now: the draft's time is the phone's
      var clock = isoDay(now) + " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
      text = text.split(form.clock).join(clock);
    }
    return form.form + "?filename=" + encodeURIComponent(form.filename) + "&value=" + encodeURIComponent(text);
  }

  function showDay(box, day, title, now, today) {
    var section = el("section", "wt-today__day");
    section.setAttribute("data-date", day.date);
    section.appendChild(el("h3", "wt-today__title", title + " · " + day.label));
    if (!day.at_work) {
      section.appendChild(el("p", "wt-today__rest", "按排班表休息，没有要做的职责。"));
    } else if (!day.duties.length) {
      section.appendChild(el("p", "wt-today__rest", "职责说明里没有排在这一天的工作。"));
    }
    var links = {}, keys = Object.keys(day.forms);
    keys.forEach(function (key) { links[key] = href(day.forms[key], now, today); });
    if (keys.length) {   // the records to write first: on a phone, what the thumb reaches without scrolling
      var buttons = el("p", "wt-today__forms");
      keys.forEach(function (key) {
        var a = el("a", "md-button md-button--primary wt-today__form", day.forms[key].label);
        a.href = links[key];
        a.setAttribute("data-form", key);
        buttons.appendChild(a);
      });
      section.appendChild(buttons);
    }
    var list = el("ul", "wt-today__duties");
    day.duties.forEach(function (duty) {
      var item = el("li", "wt-today__duty");
      var name = links[duty.form] ? el("a", "wt-today__name", duty.name) : el("strong", "wt-today__name", duty.name);
      if (links[duty.form]) name.href = links[duty.form];
      item.appendChild(name);
      if (duty.time) item.appendChild(el("span", "wt-today__time", duty.time));
      if (duty.proof) item.appendChild(el("span", "wt-today__proof", duty.proof));
      list.appendChild(item);
    });
    if (day.duties.length) section.appendChild(list);
    box.appendChild(section);
  }

  function show(box, days) {
    var now = new Date();
    var today = isoDay(now);
    var tomorrow = isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
    box.textContent = "";
    var first = days.length ? days[0].date : "", last = days.length ? days[days.length - 1].date : "";
    if (!days.some(function (day) { return day.date === today; })) {   // built later than the phone's today, or long ago
      box.appendChild(el("p", "wt-today__stale", "这一页只排了 " + first + " 到 " + last + " 的职责，不含今天（" + today +
        "）：请主管重新生成站点（wutong build），或检查手机的日期。"));
    }
    days.forEach(function (day) {
      if (day.date === today) showDay(box, day, "今天", now, true);
      if (day.date === tomorrow) showDay(box, day, "明天", now, false);
    });
  }

  function start() {
    var data = document.querySelector("script.wt-today-data");
    var box = document.querySelector(".wt-today");
    if (!data || !box) return;
    show(box, JSON.parse(data.textContent));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
