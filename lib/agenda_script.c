/*
 * agenda_script — the small same-origin script of the booking form
 * (GET /clinic/static/agenda.js, public, no secrets): as the receptionist
 * types in the patient search, it asks .../patients/search (JSON, the
 * session cookie) and lists the matches as choices of the booking form.
 * Without it the form's plain search (a GET re-rendering the form) does
 * the same.  The matches are written with textContent, never as markup.
 */
#include "admin.h"
#include "http.h"

static const char script[] =
	"(function(){'use strict';\n"
	"var s=document.querySelector('form.agenda-search');\n"
	"var box=document.getElementById('agenda-live');\n"
	"if(!s||!box)return;\n"
	"var q=s.querySelector('input[name=q]'),t=null,seq=0;\n"
	"var url=s.getAttribute('action').replace(/\\/agenda\\/book$/,"
	"'/patients/search');\n"
	"function show(items,n){if(n!==seq)return;box.textContent='';\n"
	"items.forEach(function(p){var l=document.createElement('label'),"
	"r=document.createElement('input');r.type='radio';"
	"r.name='patient_id';r.value=p.id;l.appendChild(r);"
	"l.appendChild(document.createTextNode(' '+p.lastName+' '+"
	"p.firstName+' \\u00b7 '+p.phone));box.appendChild(l);});\n"
	"if(!items.length)box.textContent='Aucun patient.';}\n"
	"q.addEventListener('input',function(){clearTimeout(t);"
	"var v=q.value.trim(),n=++seq;if(v.length<2){box.textContent='';"
	"return;}\n"
	"t=setTimeout(function(){fetch(url+'?q='+encodeURIComponent(v),"
	"{headers:{'Accept':'application/json'},credentials:'same-origin'})"
	".then(function(r){return r.ok?r.json():{items:[]};})"
	".then(function(o){show(o.items||[],n);})"
	".catch(function(){});},200);});\n"
	"})();\n";

void
admin_agenda_script(struct req *r)
{
	resp_header(r, "Cache-Control", "public, max-age=3600");
	resp_body(r, 200, "text/javascript; charset=utf-8", script,
	    sizeof(script) - 1);
}
