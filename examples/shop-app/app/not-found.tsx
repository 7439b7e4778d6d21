export default function NotFound() { return <p>We couldn't find that page.</p> }
