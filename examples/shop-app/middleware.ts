import { NextResponse, type NextRequest } from 'next/server'

export function middleware(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/account') && !request.cookies.has('session')) {
    return NextResponse.redirect(new URL('/login', request.url))
  }
  const response = NextResponse.next()
  response.headers.set('x-frame-options', 'DENY')
  return response
}

export const config = {
  matcher: [
    // Every page, but not API routes, Next.js assets or metadata files.
    '/((?!api|_next/static|_next/image|favicon.ico|sitemap.xml|robots.txt).*)',
    // API calls from the beta mobile client.
    { source: '/api/:path*', has: [{ type: 'header', key: 'x-beta-client' }] },
  ],
}
