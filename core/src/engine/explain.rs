//! The reason for a 404 or 405 that needs the whole decision to tell apart.

use crate::context::Context;
use crate::context::outcome::Action;
use crate::engine::router::{Request, Router};
use crate::input::percent;
use crate::reason::Reason;
use crate::routes::methods::Method;

/// The reason for a 404 or 405 that `decide` left without one: the cases that need the whole
/// decision to tell apart. Allocation-free once `ctx` is warm.
#[inline(always)] // into `Router::decide`'s frame (its other caller, the static targets' build,
// made LLVM keep it out, at 17 instructions a decision)
pub(crate) fn explain(router: &Router, req: &Request<'_>, ctx: &mut Context) -> Option<Reason> {
    match ctx.answer.out.action {
        Action::NotFound if !ctx.answer.out.has_pathname => Some(Reason::OutsideBasePath),
        // A path without an escape decodes (it is ASCII): nothing to tell apart.
        Action::NotFound if memchr::memchr(b'%', &ctx.input.path).is_none() => {
            Some(Reason::NoRoute)
        }
        Action::NotFound => {
            let bytes = &mut ctx.rule.scratch_bytes;
            bytes.clear();
            let decodes = percent::decode_escapes_where(&ctx.input.path, bytes, |_| true)
                && std::str::from_utf8(bytes).is_ok();
            Some(if decodes {
                Reason::NoRoute
            } else {
                Reason::NoRouteBadEscape
            })
        }
        Action::MethodNotAllowed => {
            let route = &router.table.routes[ctx.answer.out.route? as usize];
            // `get` for `GET`: the upper-case spelling is a method this route answers.
            let mut upper = [0u8; 8];
            let upper = upper.get_mut(..req.method.len())?;
            upper.copy_from_slice(req.method);
            upper.make_ascii_uppercase();
            let answered = Method::from_bytes(upper).is_some_and(|m| {
                route.methods.contains(m)
                    || m == Method::Options
                    || (m == Method::Head && route.methods.contains(Method::Get))
            });
            Some(if answered && upper != req.method {
                Reason::MethodCase
            } else {
                Reason::MethodNotAllowed
            })
        }
        _ => None,
    }
}
