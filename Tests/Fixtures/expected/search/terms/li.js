handbookSearchLoaded("terms/li",{"listening":[5,50,8,3,11,3]});
