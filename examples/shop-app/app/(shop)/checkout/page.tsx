export const dynamic = 'force-dynamic'

export default function Checkout() {
  return <form action="/api/orders" method="post">Pay</form>
}
