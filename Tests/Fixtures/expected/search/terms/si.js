handbookSearchLoaded("terms/si",{"side":[3,6]});
